"""Figures: the de-identified tables the apps publish (counts only, small cells suppressed), drawn together
on one page (`/figures/`) and served by the API (`/api/v1/figures/`). Each app registers its tables from
its `AppConfig.ready()`; core names none of them:

    from offramp.core import figures
    figures.register(figures.FiguresTable("groups.sessions_by_topic", _("Group sessions by topic"),
                                          permissions.READ_FIGURES, build=sessions_by_topic))

`build(actor, period)` returns a `core.disclosure.Table` made with `suppress` or `suppress_together` at
the organisation's threshold (`actor.organization.small_cell_threshold`; a table built at any other
threshold is refused), counting the records of the actor's organisation in the period. Tables that
share a total with others on another page must be suppressed together with them there and here alike,
or the two pages could be read against each other.

The period is one of PERIODS, on the page and in the API alike: any other length would let two
requests a week apart be subtracted to undo the small-cell suppression.

A table whose rows are days (`dates=True`: each row's key an ISO date, such as a week's first day) is
served by the API as built, and read on the page and in its CSV in the app's date format (DATE_FORMAT).
The CSV of a table (`csv_rows`) holds exactly the cells of the page's table: its headings, its rows as
labelled there, its total, every hidden cell as "<N" or "≥N".
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import BadRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from offramp.core.access import Actor, Permission, declare, deny
from offramp.core.charts import BarChart, bar_chart
from offramp.core.disclosure import Table
from offramp.core.models import Role
from offramp.core.paging import whole_number_param

READ_FIGURES = declare("core.read_figures", (Role.SUPERVISOR, Role.EVALUATOR, Role.ORG_ADMIN, Role.AUDITOR),
                       gettext_lazy("Read the de-identified figures (counts, small cells suppressed)"))

DATE_FORMAT = "j M Y"  # the app's dates, as its pages write them (a case's opening, a note's day)
PERIODS = (4, 12, 26, 52)  # weeks; the helpline's dashboard offers the same
DEFAULT_WEEKS = 12
_KEY = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Period:
    """The last `weeks` weeks, up to `until` (the moment of the request). `shared` lives as long as one
    request: tables built from one computation (several tables suppressed together) keep it there, so
    a page of them computes it once."""

    weeks: int
    until: datetime = field(default_factory=timezone.now)
    shared: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def since(self) -> datetime:
        return self.until - timedelta(weeks=self.weeks)


def period_param(value) -> Period:
    """The period asked for (?weeks=): one of PERIODS, else a 400."""
    weeks = whole_number_param(value, default=DEFAULT_WEEKS, minimum=1, maximum=max(PERIODS))
    if weeks not in PERIODS:
        raise BadRequest(_("Choose a period of %(periods)s or %(last)s weeks.") % {
            "periods": ", ".join(str(period) for period in PERIODS[:-1]), "last": PERIODS[-1]})
    return Period(weeks=weeks)


@dataclass(frozen=True)
class FiguresTable:
    """One published table: its key (`<app>.<what>`, its address in the API), its title, who may read it,
    and how to build it for an actor and a period."""

    key: str
    title: str | Promise
    permission: Permission
    build: Callable[[Actor, Period], Table]
    order: int = 100
    description: str | Promise = ""
    label_heading: str | Promise = ""  # the rows' column heading ("Group" when empty)
    count_heading: str | Promise = ""  # the counts' column heading ("Count" when empty)
    chart: bool = False  # also drawn as bars (core.charts), beside its table
    dates: bool = False  # the rows' keys are ISO dates: labelled in DATE_FORMAT on the page and in the CSV


@dataclass(frozen=True)
class Figures:
    """A table as built for one actor and period, ready to draw: `rows` as built (the API's), `shown` as
    the page and the CSV label them."""

    table: FiguresTable
    rows: Table
    shown: Table
    chart: BarChart

    @property
    def key(self) -> str:
        return self.table.key

    @property
    def title(self) -> str:
        return str(self.table.title)


_tables: dict[str, FiguresTable] = {}


def register(table: FiguresTable) -> FiguresTable:
    """Register (or replace, by key) a table."""
    if not _KEY.fullmatch(table.key):
        raise ValueError(f"A figures table's key is '<app>.<what>' in lower case: {table.key!r}")
    _tables[table.key] = table
    return table


def unregister(key: str) -> None:
    _tables.pop(key, None)


def tables_for(actor: Actor) -> list[FiguresTable]:
    """The tables this actor may read, in the order the apps gave them."""
    return sorted((table for table in _tables.values() if actor.can(table.permission)),
                  key=lambda table: (table.order, table.key))


def table_get(actor: Actor, key: str) -> FiguresTable:
    """A table by key: not found when no app registered it, refused when the actor may not read it."""
    table = _tables.get(key)
    if table is None:
        deny("figures", key)
    if not actor.can(table.permission):
        deny("figures", key, forbidden=True)
    return table


def build(actor: Actor, table: FiguresTable, period: Period) -> Figures:
    rows = table.build(actor, period)
    threshold = actor.organization.small_cell_threshold
    cells = [row.cell for row in rows] + ([rows.total] if rows.total is not None else [])
    if any(cell.threshold != threshold for cell in cells):
        raise ValueError(f"The figures table {table.key!r} was not suppressed at the organisation's threshold.")
    shown = dated(rows) if table.dates else rows
    chart = bar_chart(shown, id="figures-" + table.key.replace(".", "-").replace("_", "-"), title=str(table.title),
                      label_heading=str(table.label_heading), count_heading=str(table.count_heading))
    return Figures(table=table, rows=rows, shown=shown, chart=chart)


def figures_for(actor: Actor, period: Period) -> list[Figures]:
    """Every table the actor may read, built for the period."""
    return [build(actor, table, period) for table in tables_for(actor)]


def dated(rows: Table) -> Table:
    """The rows whose key is an ISO date labelled in the app's date format (the others as they were)."""
    labels = {}
    for row in rows:
        try:
            labels[row.key] = date_format(date.fromisoformat(row.key), DATE_FORMAT)
        except ValueError:
            continue
    return rows.relabel(labels)


def csv_rows(drawn: Figures) -> list[list[str]]:
    """The page's table of `drawn`, cell for cell: the headings, each row's label and count as shown ("<N",
    "≥N" for hidden cells), and the total when the page shows one."""
    rows = [[drawn.chart.label_heading, drawn.chart.count_heading]]
    rows += [[row.label, str(row.cell)] for row in drawn.shown]
    if drawn.shown.total is not None and drawn.shown.rows:
        rows.append([_("Total"), str(drawn.shown.total)])
    return rows
