"""Server-drawn SVG bar charts of a disclosure ``Table`` (no script, nothing fetched).

``bar_chart`` works out the geometry; ``core/includes/bar_chart.html`` draws it, with the same counts
in a real table beside it::

    {% include "core/includes/bar_chart.html" with chart=chart %}

Each chart is laid out twice, in the units it is drawn in (text 14 units high, drawn at its own size):
``wide`` puts the labels left of the bars (screens wider than a phone, and print); ``narrow`` puts
each label above its bar, so that a phone (390 px) draws it nearly full size instead of shrinking a
wide picture to unreadable text. The stylesheet shows one of the two (``.chart-wide``,
``.chart-narrow``). Labels are shortened to fit their room (the table beside the chart has them in
full), so they never run into the bars.

A hidden cell (``<N`` or ``≥N``) gets no bar of its length: it is drawn as a hatched bar (an SVG
pattern, outlined) of the same short length for every hidden cell, with its label ("<11"), and the
scale is set by the shown counts only, so the picture tells no more than the table. It is never drawn
as a zero (no bar) nor as a full bar; the legend under the chart says what the hatching means.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .disclosure import Cell, Table

FONT_SIZE = 14  # every text of a chart, in its own units (drawn at 1:1 on a wide screen)
CHART_WIDTH = 320  # the longest shown bar, wide layout
LABEL_WIDTH = 210  # the row labels, left of the bars
VALUE_WIDTH = 70  # the count, right of the longest bar
ROW_HEIGHT = 28
BAR_HEIGHT = 18
LABEL_CHARS = 26  # what fits in LABEL_WIDTH at FONT_SIZE (about 7.5 units a character)
NARROW_WIDTH = 310  # a phone (390 px) less the margins of the page and the panel: drawn at 1:1
NARROW_ROW_HEIGHT = 46  # a label line, then its bar
NARROW_LABEL_CHARS = 40
HIDDEN_WIDTH = 28  # the hatched bar of a hidden count, in either layout


@dataclass(frozen=True)
class Bar:
    label: str  # as drawn: shortened to its room
    cell: Cell
    width: int
    x: int
    y: int  # the bar's top
    text_y: int  # the label's baseline
    value_x: int
    value_y: int  # the count's baseline


@dataclass(frozen=True)
class Layout:
    bars: tuple[Bar, ...]
    width: int
    height: int
    bar_height: int


@dataclass(frozen=True)
class BarChart:
    id: str  # unique on the page: the SVG's title and hatch pattern are named after it
    title: str
    table: Table
    wide: Layout
    narrow: Layout
    label_heading: str
    count_heading: str
    empty: str
    threshold: int

    @property
    def bars(self) -> tuple[Bar, ...]:
        return self.wide.bars


def _fit(label: str, chars: int) -> str:
    return label if len(label) <= chars else label[:chars - 1].rstrip() + "…"


def _widths(table: Table, longest: int) -> list[int]:
    shown = [row.cell.value for row in table if not row.cell.suppressed]
    largest = max(shown, default=0) or 1
    return [HIDDEN_WIDTH if row.cell.suppressed else round(longest * row.cell.value / largest) for row in table]


def _wide(table: Table) -> Layout:
    bars = []
    for index, (row, width) in enumerate(zip(table, _widths(table, CHART_WIDTH), strict=True)):
        top = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        baseline = top + BAR_HEIGHT // 2 + FONT_SIZE * 7 // 20  # the text's middle on the bar's
        bars.append(Bar(label=_fit(row.label, LABEL_CHARS), cell=row.cell, width=width, x=LABEL_WIDTH, y=top,
                        text_y=baseline, value_x=LABEL_WIDTH + width + 6, value_y=baseline))
    return Layout(bars=tuple(bars), width=LABEL_WIDTH + CHART_WIDTH + VALUE_WIDTH,
                  height=max(1, len(bars)) * ROW_HEIGHT, bar_height=BAR_HEIGHT)


def _narrow(table: Table) -> Layout:
    bar_height = 16
    bars = []
    for index, (row, width) in enumerate(zip(table, _widths(table, NARROW_WIDTH - VALUE_WIDTH), strict=True)):
        row_top = index * NARROW_ROW_HEIGHT
        top = row_top + FONT_SIZE + 6
        bars.append(Bar(label=_fit(row.label, NARROW_LABEL_CHARS), cell=row.cell, width=width, x=0, y=top,
                        text_y=row_top + FONT_SIZE, value_x=width + 6,
                        value_y=top + bar_height // 2 + FONT_SIZE * 7 // 20))
    return Layout(bars=tuple(bars), width=NARROW_WIDTH, height=max(1, len(bars)) * NARROW_ROW_HEIGHT,
                  bar_height=bar_height)


def bar_chart(table: Table, *, id: str, title: str, label_heading: str = "", count_heading: str = "",
              empty: str = "") -> BarChart:
    return BarChart(id=id, title=str(title), table=table, wide=_wide(table), narrow=_narrow(table),
                    label_heading=str(label_heading or _("Group")), count_heading=str(count_heading or _("Count")),
                    empty=str(empty or _("Nothing to show for this period.")),
                    threshold=table.rows[0].cell.threshold if table.rows else 0)
