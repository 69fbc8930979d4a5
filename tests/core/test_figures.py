"""The figures registry: apps publish de-identified tables; /figures/ and /api/v1/figures/ show those the
actor may read, for one of the fixed periods only, suppressed at the organisation's threshold."""

import pytest
from django.urls import reverse

from offramp.core import figures
from offramp.core.access import CASEWORK
from offramp.core.disclosure import suppress
from offramp.core.models import AuditEvent


def _counts(actor, period):
    return suppress([("a", 20), ("b", 2), ("c", 12)], threshold=actor.organization.small_cell_threshold, total=34)


@pytest.fixture
def table(monkeypatch):
    monkeypatch.setattr(figures, "_tables", dict(figures._tables))
    return figures.register(figures.FiguresTable("testing.counts", "Test counts", figures.READ_FIGURES, build=_counts,
                                                 order=1, label_heading="Kind", count_heading="People"))


@pytest.mark.parametrize("persona", ["supervisor", "evaluator", "admin", "auditor"])
def test_the_figures_page_opens_for_the_roles_that_read_figures(world, table, persona):
    page = world.client(persona).get(reverse("figures")).content.decode()
    assert "<caption>Test counts</caption>" in page
    assert '<th scope="col">Kind</th><th scope="col">People</th>' in page
    assert '<th scope="row">b</th><td>&lt;11</td>' in page and '<th scope="row">c</th><td>≥11</td>' in page
    assert '<th scope="row">Total</th><td>34</td>' in page


@pytest.mark.parametrize("persona", ["manager", "mentor", "responder", "facilitator", "trainer"])
def test_the_figures_page_refuses_other_roles(world, persona):
    assert world.client(persona).get(reverse("figures")).status_code == 403
    assert world.client(persona).get("/api/v1/figures/").status_code == 403


def test_a_table_shows_only_to_the_roles_its_permission_names(world, table):
    figures.register(figures.FiguresTable("testing.casework", "Casework counts", CASEWORK, build=_counts))
    assert "Casework counts" in world.client("supervisor").get(reverse("figures")).content.decode()
    assert "Casework counts" not in world.client("evaluator").get(reverse("figures")).content.decode()
    assert world.client("evaluator").get("/api/v1/figures/testing.casework/").status_code == 403


def test_the_api_lists_the_tables_and_serves_one_for_a_period(world, table):
    client = world.client("evaluator")
    index = client.get("/api/v1/figures/").json()
    assert index["periods"] == [4, 12, 26, 52]
    assert {"key": "testing.counts", "title": "Test counts",
            "url": "http://testserver/api/v1/figures/testing.counts/"} in index["tables"]
    one = client.get("/api/v1/figures/testing.counts/", {"weeks": 26}).json()
    assert one == {"key": "testing.counts", "title": "Test counts", "weeks": 26, "threshold": 11, "total": 34,
                   "rows": [{"key": "a", "label": "a", "count": 20}, {"key": "b", "label": "b", "count": "<11"},
                            {"key": "c", "label": "c", "count": "≥11"}]}
    assert AuditEvent.objects.filter(action="view", object_type="figures", object_id="testing.counts").exists()


def test_only_the_fixed_periods_are_served(world, table):
    client = world.client("evaluator")
    assert client.get(reverse("figures"), {"weeks": 11}).status_code == 400
    assert client.get("/api/v1/figures/testing.counts/", {"weeks": 13}).status_code == 400
    page = client.get(reverse("figures"), {"weeks": 52}).content.decode()
    assert '<option value="52" selected>' in page


def test_an_unknown_table_is_not_found_and_the_refusal_audited(world):
    client, user = world.client("evaluator"), world.users["evaluator"]
    assert client.get("/api/v1/figures/nobody.nothing/").status_code == 404
    assert AuditEvent.objects.filter(action="denied", actor=user, object_type="figures",
                                     object_id="nobody.nothing").count() == 1


def test_viewing_the_page_is_audited(world, table):
    world.client("auditor").get(reverse("figures"))
    event = AuditEvent.objects.get(action="view", object_type="figures", actor=world.users["auditor"])
    assert event.detail["weeks"] == 12 and "testing.counts" in event.detail["tables"]


def test_a_table_built_at_another_threshold_is_refused(world, monkeypatch):
    monkeypatch.setattr(figures, "_tables", dict(figures._tables))
    loose = figures.register(figures.FiguresTable(
        "testing.loose", "Loose", figures.READ_FIGURES, build=lambda actor, period: suppress([("a", 2)], threshold=2)))
    with pytest.raises(ValueError, match="threshold"):
        figures.build(world.actor("evaluator"), loose, figures.Period(weeks=12))


def test_a_table_key_names_its_app():
    with pytest.raises(ValueError):
        figures.register(figures.FiguresTable("Counts", "x", figures.READ_FIGURES, build=_counts))
