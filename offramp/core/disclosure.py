"""Disclosure control for published counts: small cells, and the cells that would give them away.

Any app that shows counts about people (a page of figures, an API, an export) builds them here,
with its organisation's threshold N (``Organization.small_cell_threshold``), and draws them with
``offramp.core.charts``.

The rule
--------
1. **Primary suppression.** A count from 1 to N-1 is shown as ``<N``. A count from N up is shown
   exactly. A zero is shown as ``0``: a true zero points at no one (there is nobody in that group to
   single out), and hiding it would only make every table harder to read. The check below takes a
   zero as shown, like any other exact count.

2. **Complementary suppression.** A table whose rows add up to a published total (the contacts by
   channel add up to the contacts on the page) gives a reader one equation::

       sum of the hidden cells = total - sum of the shown cells

   With one hidden cell that *is* the hidden value; with two hidden cells that are both 1 (a sum of
   2), or both N-1, it pins both. So, after primary suppression, every table is checked from the
   reader's side (below); while some ``<N`` cell can be worked out to a single value, one more cell
   of that table is hidden: the smallest shown non-zero count, ties broken by the row's key (never
   by its translated label, so that every language hides the same cells, and never by the order the
   database returned). If the table has no shown non-zero count left, the total is hidden; if the
   total is already hidden (but another table sharing it still gives it away), the smallest shown
   non-zero count of the other tables is hidden. Every step hides one more cell, so it ends; with
   everything but the zeros hidden it stops, and what is left is what the labels themselves say:
   k non-zero cells under a total shown as ``<N`` hold at most N-k each, so N-1 of them are each 1.
   (That needs the total itself below the threshold; it would take hiding the zeros, or the rows.)

   A cell hidden this way holds N or more, and is shown as ``≥N`` (true, and it is what a reader who
   knows this rule can tell anyway: only a cell from the shown ones is ever chosen). It is never
   shown as ``<N``, which would mislead the people the figures are for.

3. **Several tables sharing one total** (contacts by week, by channel and by relationship all add up
   to the page's total) are suppressed together with ``suppress_together``: the total is one value,
   hidden everywhere or nowhere, and when it is hidden every table that shares it is checked for
   giving it back (a table shown in full adds up to it).

What a reader (an attacker) is assumed to know and compute
-----------------------------------------------------------
Everything published in the tables that share a total: every shown count, the total when shown,
this rule, and so for each hidden cell a range: ``<N`` is 1..N-1; ``≥N`` is N up to the smallest
count still shown in its table (cells are chosen smallest first, so none of them is larger than a
shown one); a hidden total is 1..N-1 (``<N``) or N and up (``≥N``), and also within what each
table's cells can add up to. From one table's equation a hidden cell lies between
``total - shown - (largest the other hidden cells can be)`` and
``total - shown - (smallest they can be)``; with several tables the total's range is the
intersection of what each table allows (this is exact: the cells are whole numbers in ranges,
linked only through the total). A table passes when that range holds at least two values for every
``<N`` cell.

Why one extra cell is enough in the common case: with a ``<N`` cell h and a ``≥N`` cell c,
``h + c = R`` leaves h anywhere from ``max(1, R - U)`` to ``min(N-1, R-N)``, U being c's upper bound
(the smallest count still shown beside it, or none). That is a single value only at the edges
(for example ``R = N + 1``, or a shown N beside a c of N), and the check then hides a third cell (or the
total).

What it does not promise: a hidden cell may be narrowed to a smaller range than ``<N`` says (``1 or
2``), though never to one value; rows must not be ordered by their counts (``Table.ranked`` puts the
hidden rows last in key order), and a table with no published total (the rows overlap, as with
several ideologies per contact) gets only primary suppression. Shares and medians are for the
caller to withhold below the threshold. Below a threshold of 3 ``<N`` already means exactly 1, and no
complementary cell is hidden.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

Counts = Sequence[tuple[Hashable, int]]

_UNBOUNDED = math.inf


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown: exact from the threshold up, ``<N`` below it, 0 as 0, and ``≥N``
    when it is hidden only so that a small count elsewhere cannot be worked out."""

    value: int
    threshold: int
    complementary: bool = False

    @property
    def small(self) -> bool:
        return 0 < self.value < self.threshold

    @property
    def suppressed(self) -> bool:
        return self.small or self.complementary

    def __str__(self) -> str:
        if self.small:
            return f"<{self.threshold}"
        if self.complementary:
            return f"≥{self.threshold}"
        return str(self.value)

    def as_json(self):
        return str(self) if self.suppressed else self.value


@dataclass(frozen=True)
class Row:
    key: str  # stable: the stored value, never a translation; ties are broken by it
    label: str  # what the reader sees
    cell: Cell


@dataclass(frozen=True)
class Table:
    """Labelled cells, in the caller's order, and the total they add up to (None: no published total)."""

    rows: tuple[Row, ...]
    total: Cell | None = None

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def suppressed(self) -> bool:
        return any(row.cell.suppressed for row in self.rows)

    @property
    def complementary(self) -> bool:
        return any(row.cell.complementary for row in self.rows) or bool(self.total and self.total.complementary)

    def relabel(self, labels: Mapping[str, object]) -> Table:
        """The same cells under the reader's labels (for example translated choice labels)."""
        return replace(self, rows=tuple(replace(row, label=str(labels.get(row.key, row.label))) for row in self.rows))

    def ranked(self) -> Table:
        """Largest shown count first; the hidden rows after them, in key order, so that the order of the
        rows says nothing about a hidden count."""
        return replace(self, rows=tuple(sorted(self.rows, key=lambda row: (
            row.cell.suppressed, 0 if row.cell.suppressed else -row.cell.value, row.key))))

    def as_json(self) -> list[dict]:
        return [{"label": row.label, "count": row.cell.as_json()} for row in self.rows]


def suppress(counts: Counts, *, threshold: int, total: int | None = None) -> Table:
    """One table of (key, count) pairs. With a total (the counts must add up to it) small cells are
    protected from the total as well; without one (the rows add up to nothing published) only the
    small cells are hidden."""
    if total is None:
        return Table(tuple(Row(str(key), str(key), Cell(_count(n), threshold)) for key, n in counts))
    return suppress_together({"table": counts}, threshold=threshold, total=total)["table"]


def suppress_together(tables: Mapping[str, Counts], *, threshold: int, total: int) -> dict[str, Table]:
    """Several tables whose rows each add up to the same published total, suppressed so that no table,
    nor all of them together, gives a small cell away. Every table's ``total`` is the same Cell."""
    grid = {name: [(str(key), _count(n)) for key, n in counts] for name, counts in tables.items()}
    for name, rows in grid.items():
        if sum(n for _, n in rows) != total:
            raise ValueError(f"The rows of {name!r} add up to {sum(n for _, n in rows)}, not to the total {total}.")
    state = _State(grid, threshold, total)
    if threshold >= 3:  # below 3, "<N" already says "exactly 1"
        while (exposed := state.exposed()) is not None:
            if not state.hide_smallest_shown(only=exposed):
                if not state.total_hidden:
                    state.total_complementary = True
                elif not state.hide_smallest_shown(besides=exposed):
                    break
    total_cell = Cell(total, threshold, complementary=state.total_complementary)
    return {name: Table(tuple(Row(key, key, Cell(n, threshold, complementary=(name, index) in state.complementary))
                              for index, (key, n) in enumerate(rows)), total_cell)
            for name, rows in grid.items()}


def _count(n) -> int:
    n = int(n)
    if n < 0:
        raise ValueError("A count cannot be negative.")
    return n


class _State:
    """Which cells are hidden, and what a reader can work out from the rest."""

    def __init__(self, grid: dict[str, list[tuple[str, int]]], threshold: int, total: int):
        self.grid, self.threshold, self.total = grid, threshold, total
        self.complementary: set[tuple[str, int]] = set()
        self.total_complementary = False

    @property
    def total_hidden(self) -> bool:
        return 0 < self.total < self.threshold or self.total_complementary

    def _small(self, n: int) -> bool:
        return 0 < n < self.threshold

    def _shown(self, name: str, index: int) -> bool:
        return not self._small(self.grid[name][index][1]) and (name, index) not in self.complementary

    def _ranges(self, name: str) -> list[tuple[float, float]]:
        """What a reader can tell about each cell of a table from its label alone."""
        ceiling = min((n for index, (_, n) in enumerate(self.grid[name]) if n and self._shown(name, index)),
                      default=_UNBOUNDED)
        ranges: list[tuple[float, float]] = []
        for index, (_, n) in enumerate(self.grid[name]):
            if self._small(n):
                ranges.append((1, self.threshold - 1))
            elif (name, index) in self.complementary:
                ranges.append((self.threshold, ceiling))
            else:
                ranges.append((n, n))
        return ranges

    def exposed(self) -> str | None:
        """The first table in which some "<N" cell can be worked out to one value, if any."""
        low: float
        high: float
        if self._small(self.total):
            low, high = 1, self.threshold - 1
        elif self.total_complementary:
            low, high = self.threshold, _UNBOUNDED
        else:
            low, high = self.total, self.total
        ranges = {name: self._ranges(name) for name in self.grid}
        for cells in ranges.values():  # the total is what every table adds up to
            low, high = max(low, sum(lo for lo, _ in cells)), min(high, sum(hi for _, hi in cells))
        for name, cells in ranges.items():
            lows, highs = sum(lo for lo, _ in cells), sum(hi for _, hi in cells)
            for index, (_, n) in enumerate(self.grid[name]):
                if not self._small(n):
                    continue
                lo, hi = cells[index]
                # this cell = total - (the table's other cells)
                lo, hi = max(lo, low - (highs - hi)), min(hi, high - (lows - lo))
                if lo >= hi:
                    return name
        return None

    def hide_smallest_shown(self, *, only: str | None = None, besides: str | None = None) -> bool:
        """Hide the smallest shown non-zero count (then the smallest key, then the table's place) of
        one table, or of every table but one. False if there is none."""
        candidates = [(n, key, place, name, index)
                      for place, (name, rows) in enumerate(self.grid.items())
                      if (only is None or name == only) and name != besides
                      for index, (key, n) in enumerate(rows) if n and self._shown(name, index)]
        if not candidates:
            return False
        *_, name, index = min(candidates)
        self.complementary.add((name, index))
        return True
