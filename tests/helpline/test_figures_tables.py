"""The helpline's dashboard figures are also tables on the figures page (core.figures), with the very
cells the dashboard hides, for the periods the dashboard offers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from offramp.core import figures as core_figures
from offramp.core.models import TaxonomyTerm
from offramp.helpline import figures as helpline_figures
from offramp.helpline.services import contacts

KEYS = ["helpline.contacts_by_week", "helpline.contacts_by_channel", "helpline.contacts_by_relationship",
        "helpline.movements_of_concern"]


@pytest.fixture
def traffic(world):
    militia = TaxonomyTerm.objects.create(organization=world.org, vocabulary="ideology", label="Militia")
    for _ in range(12):
        contacts.contact_log(actor=world.actor("responder"), caller_name="Wilhelmina", channel="phone",
                             caller_relationship="parent", terms={"ideologies": [militia.pk]})
    for _ in range(3):
        contacts.contact_log(actor=world.actor("responder"), caller_name="Wilhelmina", channel="text",
                             caller_relationship="teacher", self_harm=True)


def test_the_figures_page_has_the_helplines_tables_with_the_dashboards_cells(world, traffic):
    page = world.client("evaluator").get(reverse("figures")).content.decode()
    assert "<caption>Helpline contacts by channel</caption>" in page
    assert '<th scope="row">Phone</th><td>≥11</td>' in page and '<th scope="row">Text message</th><td>&lt;11</td>' in page
    assert '<th scope="row">Militia</th><td>12</td>' in page and "Wilhelmina" not in page
    dashboard = world.client("evaluator").get("/api/v1/helpline/figures/").json()
    for key, part in zip(KEYS, ["by_week", "by_channel", "by_relationship", "by_ideology"], strict=True):
        table = world.client("evaluator").get(f"/api/v1/figures/{key}/").json()
        assert [{"label": row["label"], "count": row["count"]} for row in table["rows"]] == dashboard[part], key


def test_the_four_tables_are_computed_once_a_page(world, traffic):
    actor, period = world.actor("evaluator"), core_figures.Period(weeks=12)
    tables = [table for table in core_figures.tables_for(actor) if table.key in KEYS]
    with CaptureQueriesContext(connection) as first:
        core_figures.build(actor, tables[0], period)
    with CaptureQueriesContext(connection) as rest:
        for table in tables[1:]:
            core_figures.build(actor, table, period)
    assert len(first) > 0 and len(rest) == 0


def test_the_periods_are_the_dashboards():
    assert helpline_figures.PERIODS == core_figures.PERIODS


@pytest.mark.parametrize("persona", ["evaluator", "supervisor", "admin", "auditor"])
def test_the_roles_that_read_the_dashboard_read_its_tables(world, persona):
    keys = [table["key"] for table in world.client(persona).get("/api/v1/figures/").json()["tables"]]
    assert set(KEYS) <= set(keys)
