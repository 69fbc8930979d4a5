"""Disclosure control: small cells are hidden, and so is whatever would give them away from a total."""

import html
import re
from datetime import timedelta
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from offramp.core.charts import CHART_WIDTH, HIDDEN_WIDTH, NARROW_WIDTH, VALUE_WIDTH, bar_chart
from offramp.core.disclosure import Cell, suppress, suppress_together
from offramp.helpline.services import contacts


def shown(table) -> list[tuple[str, str]]:
    return [(row.key, str(row.cell)) for row in table]


# ---- an attacker who knows the rule and has only what is published -------------------------------

def _hidden_range(text: str, cap: int, ceiling: int | None) -> range | None:
    """What a published count says about its value; None when it is shown exactly."""
    if text.startswith("<"):
        return range(1, int(text[1:]))
    if text.startswith("≥"):  # chosen smallest first: no larger than a count still shown beside it
        return range(int(text[1:]), min(cap, ceiling if ceiling is not None else cap) + 1)
    return None


def _sums(ranges: list[range], limit: int) -> set[int]:
    sums = {0}
    for values in ranges:
        sums = {s + v for s in sums for v in values if s + v <= limit}
    return sums


def recover(tables: dict[str, list[str]], total: str, cap: int = 200) -> dict[tuple[str, int], set[int]]:
    """Every value each "<N" cell can take, given every published cell and the total they all add up
    to; worked out by enumeration (sets of reachable sums), not by the module's interval reasoning."""
    totals = _hidden_range(total, cap, None) or range(int(total), int(total) + 1)
    possible: dict[tuple[str, int], set[int]] = {}
    for tau in totals:
        per_table = {}
        for name, cells in tables.items():
            ceiling = min((int(c) for c in cells if _hidden_range(c, cap, None) is None and int(c)), default=None)
            ranges = [_hidden_range(c, cap, ceiling) for c in cells]
            rest = tau - sum(int(c) for c, r in zip(cells, ranges, strict=True) if r is None)
            hidden = [i for i, r in enumerate(ranges) if r is not None]
            found = {}
            for i in hidden:
                others = _sums([ranges[j] for j in hidden if j != i], rest)
                found[i] = {v for v in ranges[i] if rest - v in others}
            if rest < 0 or (not hidden and rest != 0) or any(not values for values in found.values()):
                break  # this total is impossible for this table
            per_table[name] = found
        else:
            for name, found in per_table.items():
                for i, values in found.items():
                    if tables[name][i].startswith("<"):
                        possible.setdefault((name, i), set()).update(values)
    return possible


def assert_nothing_recoverable(tables: dict[str, list[str]], total: str, cap: int = 200):
    for cell, values in recover(tables, total, cap).items():
        assert len(values) > 1, f"{cell} can be worked out: {values}"


def assert_never_one_hidden_cell_beside_a_shown_total(tables: dict[str, list[str]], total: str):
    if _hidden_range(total, 1, None) is not None:
        return
    for name, cells in tables.items():
        hidden = [c for c in cells if not c.isdigit()]
        assert len(hidden) != 1, f"{name}: total {total} minus the shown cells is the hidden one"


def published(tables) -> tuple[dict[str, list[str]], str]:
    first = next(iter(tables.values()))
    return {name: [str(row.cell) for row in table] for name, table in tables.items()}, str(first.total)


# ---- the rule ---------------------------------------------------------------------------------------

def test_cells_read_as_before():
    assert str(Cell(3, 11)) == "<11" and Cell(3, 11).as_json() == "<11" and Cell(3, 11).suppressed
    assert str(Cell(11, 11)) == "11" and Cell(11, 11).as_json() == 11 and not Cell(11, 11).suppressed
    assert str(Cell(0, 11)) == "0" and Cell(0, 11).as_json() == 0 and not Cell(0, 11).suppressed
    assert str(Cell(40, 11, complementary=True)) == "≥11" and Cell(40, 11, complementary=True).as_json() == "≥11"


def test_without_a_total_only_small_cells_are_hidden():
    table = suppress([("a", 3), ("b", 12), ("c", 0)], threshold=11)
    assert shown(table) == [("a", "<11"), ("b", "12"), ("c", "0")] and table.total is None


def test_one_small_cell_beside_a_total_hides_the_next_smallest_too():
    table = suppress([("phone", 40), ("text", 3), ("email", 12)], threshold=11, total=55)
    assert shown(table) == [("phone", "40"), ("text", "<11"), ("email", "≥11")]
    assert str(table.total) == "55"
    assert_nothing_recoverable(*published({"t": table}))


def test_zeros_stay_zero_and_are_never_the_extra_cell():
    table = suppress([("a", 0), ("b", 4), ("c", 0), ("d", 30)], threshold=11, total=34)
    assert shown(table) == [("a", "0"), ("b", "<11"), ("c", "0"), ("d", "≥11")]
    assert [row.cell.as_json() for row in table] == [0, "<11", 0, "≥11"]
    assert_nothing_recoverable(*published({"t": table}))


def test_ties_go_to_the_smaller_key_whatever_the_order_given():
    for counts in ([("b", 12), ("a", 3), ("c", 12)], [("c", 12), ("b", 12), ("a", 3)]):
        assert dict(shown(suppress(counts, threshold=11, total=27))) == {"a": "<11", "b": "≥11", "c": "12"}


def test_a_tie_at_the_threshold_hides_both():
    """b was chosen before c, so b ≤ c = 11, so b is 11, so a is 25 - 22: c must go too."""
    table = suppress([("a", 3), ("b", 11), ("c", 11)], threshold=11, total=25)
    assert shown(table) == [("a", "<11"), ("b", "≥11"), ("c", "≥11")]
    assert_nothing_recoverable(*published({"t": table}))


def test_two_hidden_cells_can_still_give_themselves_away():
    """1 + 1: two "<N" cells whose sum is 2 are both 1; a third cell goes."""
    table = suppress([("a", 1), ("b", 1), ("c", 30)], threshold=11, total=32)
    assert shown(table) == [("a", "<11"), ("b", "<11"), ("c", "≥11")]
    assert_nothing_recoverable(*published({"t": table}))


def test_one_more_than_the_threshold_hides_the_total():
    """1 and 11 of 12: "≥11" and a total of 12 leave the small cell exactly 1; nothing else to hide."""
    table = suppress([("a", 1), ("b", 11)], threshold=11, total=12)
    assert shown(table) == [("a", "<11"), ("b", "≥11")] and str(table.total) == "≥11"
    assert_nothing_recoverable(*published({"t": table}))


def test_only_small_cells_summing_to_a_giveaway_hide_the_total():
    table = suppress([("a", 10), ("b", 10), ("c", 0)], threshold=11, total=20)
    assert shown(table) == [("a", "<11"), ("b", "<11"), ("c", "0")] and str(table.total) == "≥11"


def test_below_a_threshold_of_three_nothing_more_is_hidden():
    """"<2" already says "1"; a threshold of 1 hides nothing."""
    assert shown(suppress([("a", 1), ("b", 5)], threshold=2, total=6)) == [("a", "<2"), ("b", "5")]
    assert shown(suppress([("a", 1), ("b", 5)], threshold=1, total=6)) == [("a", "1"), ("b", "5")]


def test_a_total_below_the_threshold_is_hidden_itself():
    table = suppress([("a", 2), ("b", 3)], threshold=11, total=5)
    assert shown(table) == [("a", "<11"), ("b", "<11")] and str(table.total) == "<11"


def test_rows_must_add_up_to_the_total():
    with pytest.raises(ValueError, match="add up"):
        suppress([("a", 2), ("b", 3)], threshold=11, total=6)


def test_the_same_cells_are_hidden_in_every_language():
    """Ties are broken by the stored key, so a Spanish page and an English one cannot be put side by side."""
    counts = [("email", 12), ("phone", 12), ("text", 3)]
    english = suppress(counts, threshold=11, total=27).relabel({"email": "E-mail", "phone": "Phone"})
    spanish = suppress(counts, threshold=11, total=27).relabel({"email": "Correo", "phone": "Teléfono"})
    assert [r.cell for r in english] == [r.cell for r in spanish]
    assert [r.label for r in spanish] == ["Correo", "Teléfono", "text"]


def test_ranked_rows_say_nothing_about_a_hidden_count():
    table = suppress([("z", 3), ("c", 30), ("d", 12), ("e", 40)], threshold=11, total=85).ranked()
    assert shown(table) == [("e", "40"), ("c", "30"), ("d", "≥11"), ("z", "<11")]


def test_several_tables_sharing_a_total_are_each_safe():
    """By channel the small cell is protected; by relationship nothing is small and all is shown."""
    tables = suppress_together({"channel": [("phone", 30), ("text", 3), ("email", 14)],
                                "relationship": [("parent", 25), ("teacher", 22)]}, threshold=11, total=47)
    assert shown(tables["channel"]) == [("phone", "30"), ("text", "<11"), ("email", "≥11")]
    assert shown(tables["relationship"]) == [("parent", "25"), ("teacher", "22")]
    assert tables["channel"].total is tables["relationship"].total and str(tables["channel"].total) == "47"
    assert_nothing_recoverable(*published(tables))


def test_a_hidden_total_is_not_given_back_by_another_table():
    """10 + 10 needs the total hidden; the weeks, shown in full, would add up to it again."""
    tables = suppress_together({"channel": [("phone", 10), ("text", 10)], "week": [("w1", 0), ("w2", 20)]},
                               threshold=11, total=20)
    assert str(tables["week"].total) == "≥11"
    assert shown(tables["week"]) == [("w1", "0"), ("w2", "≥11")]
    assert_nothing_recoverable(*published(tables))


counts = st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(first=counts, threshold=st.integers(min_value=3, max_value=6), data=st.data())
def test_no_small_cell_can_be_worked_out(first, threshold, data):
    """Any tables sharing a total: an attacker enumerating everything consistent with what is shown
    never pins a "<N" cell to one value, and never sees a lone hidden cell beside a shown total."""
    total = sum(first)
    second = data.draw(st.lists(st.integers(min_value=0, max_value=total), min_size=1, max_size=3)
                       .filter(lambda xs: sum(xs) <= total))
    second = [*second, total - sum(second)]
    tables = suppress_together({"first": [(f"k{i}", n) for i, n in enumerate(first)],
                                "second": [(f"k{i}", n) for i, n in enumerate(second)]},
                               threshold=threshold, total=total)
    cells, shown_total = published(tables)
    if not shown_total.isdigit() and all(c == "0" or not c.isdigit() for c in cells["first"] + cells["second"]):
        return  # nothing was left to hide: only the labels themselves speak (a tiny total under a tiny threshold)
    assert_nothing_recoverable(cells, shown_total, cap=total + threshold + 1)
    assert_never_one_hidden_cell_beside_a_shown_total(cells, shown_total)


# ---- charts -----------------------------------------------------------------------------------------

def test_a_hidden_cell_gets_a_stub_not_a_bar():
    table = suppress([("phone", 40), ("text", 3), ("email", 12)], threshold=11, total=55)
    chart = bar_chart(table, id="c", title="By channel")
    assert [bar.width for bar in chart.bars] == [CHART_WIDTH, HIDDEN_WIDTH, HIDDEN_WIDTH]  # scaled by the shown 40
    assert [bar.width for bar in chart.narrow.bars] == [NARROW_WIDTH - VALUE_WIDTH, HIDDEN_WIDTH, HIDDEN_WIDTH]
    assert [str(bar.cell) for bar in chart.bars] == ["40", "<11", "≥11"]


# ---- outside in: the helpline figures, as a supervisor reads them -----------------------------------

class _Tables(HTMLParser):
    """Every <table> on a page: its caption and the text of each row's cells."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._in = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._in = "caption"
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag == "td":
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in = None
        elif tag == "td":
            self.tables[-1]["rows"][-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._in == "caption":
            self.tables[-1]["caption"] += data
        elif self._cell is not None:
            self._cell += data


def _log(world, n, **fields):
    for _ in range(n):
        contacts.contact_log(actor=world.actor("responder"), caller_name="Wilhelmina", **fields)


@pytest.fixture
def small_traffic(world):
    """Twelve parents on the phone this week, three teachers texting two weeks ago: threshold 11."""
    _log(world, 12, channel="phone", caller_relationship="parent")
    _log(world, 3, channel="text", caller_relationship="teacher", received_at=timezone.now() - timedelta(weeks=2))
    return 15


OVERLAPPING = "Movements or ideologies of concern"  # a contact names several or none: no total


def test_no_hidden_cell_can_be_worked_out_from_the_page_or_the_api(world, small_traffic):
    page = world.client("supervisor").get(reverse("helpline_dashboard")).content.decode()
    total = html.unescape(re.search(r"<h2>Contacts</h2><p class=\"big\">([^<]*)</p>", page)[1]).strip()
    parser = _Tables()
    parser.feed(page)
    on_page = {t["caption"].strip(): [row[1] for row in t["rows"] if row] for t in parser.tables
               if t["caption"].strip() != OVERLAPPING}
    assert set(on_page) == {"Contacts by week", "By channel", "Caller's relationship to the person of concern"}
    api = world.client("supervisor").get("/api/v1/helpline/figures/").json()
    in_api = {key: [str(row["count"]) for row in api[key]] for key in ("by_week", "by_channel", "by_relationship")}
    for tables, shown_total in ((on_page, total), (in_api, str(api["total"]))):
        assert any("<11" in cells for cells in tables.values())  # there is something to protect
        for name, cells in tables.items():
            hidden = [c for c in cells if not c.isdigit()]
            if hidden:  # total - sum(shown) is never one hidden cell's value
                assert len(hidden) >= 2 or not shown_total.isdigit(), (name, cells, shown_total)
        assert_nothing_recoverable(tables, shown_total)
    assert list(on_page.values()) == list(in_api.values()) and total == str(api["total"]) == "15"


def test_the_chart_marks_hidden_cells(world, small_traffic):
    page = world.client("supervisor").get(reverse("helpline_dashboard")).content.decode()
    assert 'role="img"' in page and '<title id="chart-channel-title">By channel</title>' in page
    assert 'fill="url(#chart-channel-hidden)"' in page and "≥11" in page
    assert "hidden so that a smaller count cannot be worked out from the total" in page


def test_rows_with_hidden_cells_follow_the_shown_ones(world):
    _log(world, 3, channel="email", caller_relationship="other")
    _log(world, 2, channel="text", caller_relationship="teacher")
    _log(world, 20, channel="phone", caller_relationship="parent")
    api = world.client("supervisor").get("/api/v1/helpline/figures/").json()
    counts = [row["count"] for row in api["by_channel"]]
    assert counts == [20, "<11", "<11"]  # two small cells: nothing more to hide (e-mail, text in key order)
    assert [row["label"] for row in api["by_channel"]] == ["Phone", "E-mail", "Text message"]
    assert all(isinstance(a, int) or not isinstance(b, int) for a, b in pairwise(counts))
