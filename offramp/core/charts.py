"""Server-drawn SVG bar charts of a disclosure ``Table`` (no script, nothing fetched).

``bar_chart`` works out the geometry; ``core/includes/bar_chart.html`` draws it, with the same counts
in a real table beside it::

    {% include "core/includes/bar_chart.html" with chart=chart %}

A hidden cell (``<N`` or ``≥N``) gets no bar of its length: it is drawn as a short hatched stub of the
same size for every hidden cell, with its label, and the scale is set by the shown counts only, so
the picture tells no more than the table.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .disclosure import Cell, Table

CHART_WIDTH = 300  # the longest shown bar
LABEL_WIDTH = 170  # the row labels, left of the bars
VALUE_WIDTH = 50  # the count, right of the longest bar
ROW_HEIGHT = 12
BAR_HEIGHT = 9
HIDDEN_WIDTH = 14  # the hatched stub of a hidden count


@dataclass(frozen=True)
class Bar:
    label: str
    cell: Cell
    width: int
    x: int
    y: int
    value_x: int
    text_y: int


@dataclass(frozen=True)
class BarChart:
    id: str  # unique on the page: the SVG's title and hatch pattern are named after it
    title: str
    table: Table
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_heading: str
    count_heading: str
    empty: str
    threshold: int


def bar_chart(table: Table, *, id: str, title: str, label_heading: str = "", count_heading: str = "",
              empty: str = "") -> BarChart:
    shown = [row.cell.value for row in table if not row.cell.suppressed]
    largest = max(shown, default=0) or 1
    bars = []
    for index, row in enumerate(table):
        width = HIDDEN_WIDTH if row.cell.suppressed else round(CHART_WIDTH * row.cell.value / largest)
        y = index * ROW_HEIGHT
        bars.append(Bar(label=row.label, cell=row.cell, width=width, x=LABEL_WIDTH, y=y,
                        value_x=LABEL_WIDTH + width + 4, text_y=y + 8))
    return BarChart(id=id, title=str(title), table=table, bars=tuple(bars),
                    width=LABEL_WIDTH + CHART_WIDTH + VALUE_WIDTH, height=max(1, len(bars)) * ROW_HEIGHT,
                    label_heading=str(label_heading or _("Group")), count_heading=str(count_heading or _("Count")),
                    empty=str(empty or _("Nothing to show for this period.")),
                    threshold=table.rows[0].cell.threshold if table.rows else 0)
