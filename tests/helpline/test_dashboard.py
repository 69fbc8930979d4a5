"""The program lead's figures: no identities, small cells suppressed, for the right roles only."""

import pytest
from django.urls import reverse

from offramp.core.models import TaxonomyTerm
from offramp.helpline.services import contacts


def _log(world, n, **fields):
    for _ in range(n):
        contacts.contact_log(actor=world.actor("responder"), caller_name="Wilhelmina", **fields)


@pytest.fixture
def traffic(world):
    militia = TaxonomyTerm.objects.create(organization=world.org, vocabulary="ideology", label="Militia")
    _log(world, 12, channel="phone", caller_relationship="parent", terms={"ideologies": [militia.pk]})
    _log(world, 3, channel="text", caller_relationship="teacher", self_harm=True)
    return militia


def test_small_counts_are_suppressed(world, traffic):
    page = world.client("evaluator").get(reverse("helpline_dashboard"))
    body = page.content.decode()
    assert page.status_code == 200
    # 12 and "<11" of 15 would give the small count away (15 - 12): the 12 is hidden too, as "≥11"
    assert "<td>Phone</td><td>≥11</td>" in body and "<td>Text message</td><td>&lt;11</td>" in body
    assert "<td>Militia</td><td>12</td>" in body and "Wilhelmina" not in body
    api = world.client("evaluator").get("/api/v1/helpline/figures/").json()
    assert api["total"] == 15 and api["with_safety"] == "<11" and api["safety_share"] is None
    assert {"label": "Text message", "count": "<11"} in api["by_channel"]


def test_threshold_is_the_organisations(world, traffic):
    world.org.small_cell_threshold = 3
    world.org.save()
    api = world.client("supervisor").get("/api/v1/helpline/figures/").json()
    assert api["with_safety"] == 3 and api["safety_share"] == 20


@pytest.mark.parametrize(("persona", "status"), [("evaluator", 200), ("supervisor", 200), ("admin", 200),
                                                 ("auditor", 200), ("responder", 403), ("manager", 403),
                                                 ("mentor", 403)])
def test_who_sees_the_figures(world, persona, status):
    assert world.client(persona).get(reverse("helpline_dashboard")).status_code == status


def test_other_organisations_traffic_is_not_counted(world, traffic):
    api = world.client("outsider").get("/api/v1/helpline/figures/").json()
    assert api["total"] == 0


def test_weeks_are_the_organisations_whoever_asks(world):
    """Sunday 9 pm in New York is Monday 2 am in UTC: the contact belongs to the New York week, for the
    page (which runs in the organisation's zone) and for the API or a report run in UTC alike."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from offramp.helpline import figures as helpline_figures

    new_york = ZoneInfo("America/New_York")
    today = timezone.localdate(timezone=new_york)
    sunday = today - timedelta(days=today.weekday() + 8)  # the Sunday before last
    received = datetime(sunday.year, sunday.month, sunday.day, 21, 0, tzinfo=new_york)
    _log(world, 1, channel="phone", caller_relationship="parent", received_at=received)
    with timezone.override(ZoneInfo("UTC")):
        figures = helpline_figures.helpline_figures(world.actor("supervisor"))
    assert [row.label for row in figures["by_week"]] == [(sunday - timedelta(days=6)).isoformat()]
