"""The figures page as evaluators and auditors use it: charts with hatched bars for hidden counts, dates in
the app's format, a CSV of each table with exactly the page's cells (audited, same permission), a print
layout (tests/browser/test_figures.py draws it)."""

import csv
import io
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from offramp.core import figures
from offramp.core.access import CASEWORK
from offramp.core.calendar import org_today
from offramp.core.charts import CHART_WIDTH, HIDDEN_WIDTH, bar_chart
from offramp.core.disclosure import suppress
from offramp.core.models import AuditEvent
from offramp.helpline.services import contacts


def _counts(actor, period):
    return suppress([("a", 20), ("b", 2), ("c", 12)], threshold=actor.organization.small_cell_threshold, total=34)


@pytest.fixture
def table(monkeypatch):
    monkeypatch.setattr(figures, "_tables", dict(figures._tables))
    return figures.register(figures.FiguresTable("testing.counts", "Test counts", figures.READ_FIGURES, build=_counts,
                                                 order=1, label_heading="Kind", count_heading="People", chart=True))


class _Tables(HTMLParser):
    """Every <table> on a page, by caption: the text of each row's cells (headings, rows, total)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption = self._current = None
        self._cell: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self._caption = ""
        elif tag == "tr":
            self.tables[self._current].append([])
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._current = self._caption.strip()
            self.tables[self._current] = []
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[self._current][-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._caption is not None:
            self._caption += data
        elif self._cell is not None:
            self._cell += data


def _page_tables(client, **params) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(client.get(reverse("figures"), params).content.decode())
    return parser.tables


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _log(world, n, **fields):
    for _ in range(n):
        contacts.contact_log(actor=world.actor("responder"), caller_name="Wilhelmina", **fields)


@pytest.fixture
def traffic(world):
    """Twelve parents on the phone this week, three teachers texting two weeks ago (threshold 11)."""
    _log(world, 12, channel="phone", caller_relationship="parent")
    _log(world, 3, channel="text", caller_relationship="teacher", received_at=timezone.now() - timedelta(weeks=2))


# ---- CSV -----------------------------------------------------------------------------------------------

def test_a_tables_csv_holds_exactly_the_cells_of_its_table_on_the_page(world, table):
    client = world.client("evaluator")
    exported = _csv(client.get(reverse("figures_export", args=["testing.counts"])))
    assert exported == _page_tables(client)["Test counts"]
    assert exported == [["Kind", "People"], ["a", "20"], ["b", "<11"], ["c", "≥11"], ["Total", "34"]]


def test_the_helplines_tables_export_as_shown_hidden_cells_staying_hidden(world, traffic):
    client = world.client("auditor")
    page = _page_tables(client, weeks=26)
    keys = {"helpline.contacts_by_week": "Helpline contacts by week",
            "helpline.contacts_by_channel": "Helpline contacts by channel",
            "helpline.contacts_by_relationship": "Helpline callers' relationship to the person of concern"}
    for key, caption in keys.items():
        exported = _csv(client.get(reverse("figures_export", args=[key]), {"weeks": 26}))
        assert exported == page[caption], key
        counts = [count for _, count in exported[1:]]
        assert "3" not in counts and "12" not in counts  # the small cell and the one hiding it
    channel = _csv(client.get(reverse("figures_export", args=["helpline.contacts_by_channel"]), {"weeks": 26}))
    assert ["Text message", "<11"] in channel and ["Phone", "≥11"] in channel and ["Total", "15"] in channel


def test_the_csv_is_for_the_period_asked_and_only_the_fixed_ones(world, table):
    client = world.client("evaluator")
    response = client.get(reverse("figures_export", args=["testing.counts"]), {"weeks": 52})
    assert re.fullmatch(r'attachment; filename="figures-testing-counts-52-weeks-\d{4}-\d\d-\d\d\.csv"',
                        response["Content-Disposition"])
    assert client.get(reverse("figures_export", args=["testing.counts"]), {"weeks": 13}).status_code == 400
    page = client.get(reverse("figures"), {"weeks": 26}).content.decode()
    assert f'href="{reverse("figures_export", args=["testing.counts"])}?weeks=26"' in page


def test_exporting_is_audited_like_viewing(world, table):
    world.client("auditor").get(reverse("figures_export", args=["testing.counts"]), {"weeks": 4})
    event = AuditEvent.objects.get(action="export", object_type="figures", actor=world.users["auditor"])
    assert event.object_id == "testing.counts" and event.detail == {"weeks": 4}
    assert event.organization_id == world.org.pk


@pytest.mark.parametrize("persona", ["manager", "mentor", "responder", "facilitator", "trainer", "other_manager"])
def test_roles_without_the_figures_permission_get_no_csv(world, table, persona):
    assert world.client(persona).get(reverse("figures_export", args=["testing.counts"])).status_code == 403
    assert not AuditEvent.objects.filter(action="export", object_type="figures").exists()


def test_a_table_outside_the_actors_permission_or_unknown_is_refused(world, table):
    figures.register(figures.FiguresTable("testing.casework", "Casework counts", CASEWORK, build=_counts))
    client = world.client("evaluator")
    assert client.get(reverse("figures_export", args=["testing.casework"])).status_code == 403
    assert client.get(reverse("figures_export", args=["nobody.nothing"])).status_code == 404
    assert world.client("supervisor").get(reverse("figures_export", args=["testing.casework"])).status_code == 200
    assert AuditEvent.objects.filter(action="denied", object_type="figures", object_id="testing.casework").exists()


def test_another_organisations_csv_holds_its_own_counts_only(world, traffic):
    """The outsider supervises the helpline of another organisation: none of these fifteen contacts."""
    _log(world, 1, channel="email", caller_relationship="friend")  # one more, sixteen in Northstar
    outsider = world.client("outsider")
    for key in ("helpline.contacts_by_channel", "helpline.contacts_by_week"):
        exported = _csv(outsider.get(reverse("figures_export", args=[key]), {"weeks": 26}))
        assert len(exported) == 1, exported  # the headings only: Harbor Bridge took no contacts
    ours = _csv(world.client("supervisor").get(reverse("figures_export", args=["helpline.contacts_by_channel"]),
                                               {"weeks": 26}))
    assert ["Total", "16"] in ours


def test_cells_a_spreadsheet_would_run_as_formulas_are_kept_as_text(world, monkeypatch):
    monkeypatch.setattr(figures, "_tables", dict(figures._tables))

    def hostile(actor, period):
        threshold = actor.organization.small_cell_threshold
        return suppress([("=HYPERLINK(\"http://x\")", 12), ("+1", 20), ("-2", 30), ("@SUM(A1)", 40), ("plain", 0)],
                        threshold=threshold)

    figures.register(figures.FiguresTable("testing.hostile", "Hostile labels", figures.READ_FIGURES, build=hostile,
                                          label_heading="=Group"))
    exported = _csv(world.client("evaluator").get(reverse("figures_export", args=["testing.hostile"])))
    assert exported == [["'=Group", "Count"], ["'=HYPERLINK(\"http://x\")", "12"], ["'+1", "20"], ["'-2", "30"],
                        ["'@SUM(A1)", "40"], ["plain", "0"]]


# ---- dates ---------------------------------------------------------------------------------------------

def test_weeks_and_the_period_are_written_as_the_rest_of_the_app_writes_dates(world, traffic):
    client = world.client("evaluator")
    page = client.get(reverse("figures")).content.decode()
    today = org_today(world.org)  # the page's dates are the organisation's
    monday = today - timedelta(days=today.weekday())
    week = date_format(monday, "j M Y")  # as the case list writes a case's opening day
    assert re.search(r"\d{4}-\d\d-\d\d", _page_tables(client)["Helpline contacts by week"].__repr__()) is None
    assert [week, "≥11"] in _page_tables(client)["Helpline contacts by week"]
    assert f'fill="#1b1f24">{week}</text>' in page  # the chart's label too
    since = date_format(today - timedelta(weeks=12), "j M Y")
    assert f"Last 12 weeks: {since} to {date_format(today, 'j M Y')}." in page
    assert re.search(r"Figures as of \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d\.", page)
    exported = _csv(client.get(reverse("figures_export", args=["helpline.contacts_by_week"])))
    assert exported[0] == ["Week beginning", "Contacts"] and [week, "≥11"] in exported
    # The API serves the rows as built: the week's first day as an ISO date, key and label alike.
    rows = client.get("/api/v1/figures/helpline.contacts_by_week/").json()["rows"]
    assert {"key": monday.isoformat(), "label": monday.isoformat(), "count": "≥11"} in rows


def test_dates_follow_the_language(world, traffic):
    client = world.client("evaluator")
    client.cookies["django_language"] = "es"
    page = client.get(reverse("figures")).content.decode()
    today = org_today(world.org)
    with translation.override("es"):
        week = date_format(today - timedelta(days=today.weekday()), "j M Y")
    assert f"<th scope=\"row\">{week}</th>" in page


# ---- charts --------------------------------------------------------------------------------------------

def test_a_hidden_cell_is_a_hatched_bar_with_its_label_never_a_zero_or_a_full_bar(world, table):
    page = world.client("evaluator").get(reverse("figures")).content.decode()
    for suffix in ("", "-narrow"):  # the wide drawing and the phone's
        pattern = f"figures-testing-counts{suffix}-hidden"
        assert f'<pattern id="{pattern}"' in page
        hatched = re.findall(rf'<rect class="bar-hidden" [^>]*width="(\d+)" fill="url\(#{pattern}\)"', page)
        assert [int(width) for width in hatched] == [HIDDEN_WIDTH, HIDDEN_WIDTH]  # "<11" and "≥11"
    wide = page.split('class="chart chart-wide"')[1].split("</svg>")[0]
    assert re.search(rf'width="{CHART_WIDTH}" fill="#1d4f91"', wide)  # the largest shown count, a full bar
    assert 0 < HIDDEN_WIDTH < CHART_WIDTH / 4
    labels = re.findall(r'font-weight="600">([^<]*)</text>', wide)
    assert labels == ["20", "&lt;11", "≥11"]
    assert "Hatched bar: a hidden count, “&lt;11” (1 to 10) or “≥11” (11 or more)." in page
    assert 'class="hatch-swatch" aria-hidden="true"' in page


def test_a_table_without_hidden_cells_has_no_hatching_or_legend(world, monkeypatch):
    monkeypatch.setattr(figures, "_tables", dict(figures._tables))
    figures.register(figures.FiguresTable(
        "testing.plain", "Plain counts", figures.READ_FIGURES, chart=True,
        build=lambda actor, period: suppress([("a", 20), ("b", 0)], threshold=actor.organization.small_cell_threshold)))
    page = world.client("evaluator").get(reverse("figures")).content.decode()
    section = page.split('id="figures-testing-plain"')[1].split("</section>")[0]
    assert "bar-hidden" not in section and "Hatched bar" not in section


def test_long_labels_are_shortened_in_the_chart_and_whole_in_the_table(world, monkeypatch):
    monkeypatch.setattr(figures, "_tables", dict(figures._tables))
    long = "Grandparent or other relative living elsewhere"
    figures.register(figures.FiguresTable(
        "testing.long", "Long labels", figures.READ_FIGURES, chart=True,
        build=lambda actor, period: suppress([(long, 20)], threshold=actor.organization.small_cell_threshold)))
    page = world.client("evaluator").get(reverse("figures")).content.decode()
    section = page.split('id="figures-testing-long"')[1].split("</section>")[0]
    assert f'<th scope="row">{long}</th>' in section
    wide = section.split('class="chart chart-wide"')[1].split("</svg>")[0]
    assert ">Grandparent or other rela…</text>" in wide and long not in wide


def test_the_chart_and_table_include_keeps_whole_labels_in_its_table():
    """core/includes/bar_chart.html (the helpline dashboard's) draws the chart with shortened labels and
    its table with the labels whole."""
    long = "White supremacist / neo-Nazi and accelerationist"
    chart = bar_chart(suppress([(long, 20), ("Other", 3)], threshold=11), id="c", title="Movements")
    html = render_to_string("core/includes/bar_chart.html", {"chart": chart})
    assert f"<td>{long}</td>" in html and "<td>&lt;11</td>" in html
    assert f">{long}</text>" not in html.split('class="chart chart-wide"')[1].split("</svg>")[0]
