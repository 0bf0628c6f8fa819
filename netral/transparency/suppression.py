"""Small-count suppression for every public table: pure functions, no Django, no database.

A cell with a count from 1 to `threshold - 1` is a *primary* suppression and is shown as
"< threshold". A published total could give it back (total minus the cells shown), so further
cells are hidden as *complementary* suppressions until no hidden cell can be worked out from what
is shown. Three audits run, each adding the smallest positive shown cell of the line concerned,
until none finds anything (suppression only grows, so this ends):

1. **Lines.** Every row and column whose total is published is a line (the total is a cell of
   it too). A line with exactly one hidden cell gives it back, so a second one is hidden.
2. **Intervals.** Primary cells are known to be 1..threshold-1 and complementary ones at least
   `threshold`. The bounds, propagated through every published sum until nothing narrows, can
   still pin a cell to one value ("two hidden cells that add up to 2 are both 1"): then another
   cell of one of its lines is hidden.
3. **Cycles.** The table with its margins is a bipartite graph (rows and columns are nodes,
   cells are edges); a hidden cell is fixed by the published figures exactly when its edge is a
   bridge of the graph of hidden cells (no cycle of hidden cells runs through it). Such a cell
   gets a complementary suppression in its row.

Zeros are shown: a zero says nothing about a person. Tables are lists of rows of non-negative
ints; totals are computed here, never taken from the caller, so they always add up.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum


class Mark(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # primary: 1 .. threshold-1
    HIDDEN = "hidden"  # complementary: hidden so that a total cannot give a small count back


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when suppressed: the value never leaves this module
    mark: Mark
    threshold: int

    @property
    def suppressed(self) -> bool:
        return self.mark != Mark.SHOWN

    @property
    def text(self) -> str:
        if self.mark == Mark.SMALL:
            return f"< {self.threshold}"
        if self.mark == Mark.HIDDEN:
            return "×"
        return str(self.value)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Table:
    """A suppressed table: `cells[i][j]`, then the row totals, the column totals, the grand total
    (the totals that were asked for; otherwise empty lists / None)."""

    cells: list[list[Cell]]
    row_totals: list[Cell] = field(default_factory=list)
    column_totals: list[Cell] = field(default_factory=list)
    total: Cell | None = None
    threshold: int = 5

    @property
    def suppressed_count(self) -> int:
        every = [c for row in self.cells for c in row] + self.row_totals + self.column_totals
        every += [self.total] if self.total is not None else []
        return sum(1 for cell in every if cell.suppressed)


Position = tuple[int, int]


def suppress(
    rows: Sequence[Sequence[int]],
    *,
    threshold: int,
    row_totals: bool = True,
    column_totals: bool = True,
    columns: int = 0,
    hide_total: bool = False,
) -> Table:
    """Suppress a table of counts. `row_totals`/`column_totals` say which margins are published;
    the grand total is published (and returned) when both are. `columns`: the width of a table
    with no row. `hide_total`: the last published total is hidden whatever its value, because
    another table gives the same total (two tables of one population must hide it together)."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    height = len(rows)
    width = len(rows[0]) if rows else columns
    if any(len(row) != width for row in rows) or any(v < 0 for row in rows for v in row):
        raise ValueError("a table is a rectangle of non-negative counts")
    grid = _augmented(rows, height, width)
    published = {
        (i, j)
        for i in range(height + 1)
        for j in range(width + 1)
        if (i < height or column_totals)
        and (j < width or row_totals)
        and (i < height or j < width or row_totals or column_totals)
    }
    lines = _lines(height, width, row_totals=row_totals, column_totals=column_totals)
    marks: dict[Position, Mark] = {
        pos: Mark.SMALL for pos in published if 0 < grid[pos[0]][pos[1]] < threshold
    }
    corner = max(published, default=None)
    if hide_total and corner is not None and corner not in marks and grid[corner[0]][corner[1]]:
        marks[corner] = Mark.HIDDEN
    changed = True
    while changed:
        changed = False
        for line in lines:
            extra = _line_leak(line, grid, marks, published)
            if extra is not None:
                marks[extra] = Mark.HIDDEN
                changed = True
        if not changed:
            extras = _interval_fix(grid, marks, published, lines, threshold)
            if not extras:
                extras = _bridge_fix(grid, marks, published, lines, height, width)
            for extra in extras:
                marks[extra] = Mark.HIDDEN
                changed = True

    def cell(i: int, j: int) -> Cell:
        mark = marks.get((i, j), Mark.SHOWN)
        return Cell(grid[i][j] if mark == Mark.SHOWN else None, mark, threshold)

    return Table(
        cells=[[cell(i, j) for j in range(width)] for i in range(height)],
        row_totals=[cell(i, width) for i in range(height)] if row_totals else [],
        column_totals=[cell(height, j) for j in range(width)] if column_totals else [],
        total=cell(height, width) if (row_totals and column_totals) else None,
        threshold=threshold,
    )


def suppress_column(
    values: Sequence[int],
    *,
    threshold: int,
    hide_total: bool = False,
    total_hides_with_parts: bool = False,
) -> Table:
    """A list of counts with its total (one column, the total below it, also as `total`).

    `total_hides_with_parts`: the total is hidden whenever a count of the list is small. A list
    published for every scope (the country, each region, election, agency) is one line of a
    larger table whose other lines are the other scopes' lists: the national total minus the
    totals of all regions but two gives back the sum of two regions whose counts are all hidden,
    and with the number of stages each region lists, their exact counts. Hiding the total of every
    list that has a small count takes the totals out of that sum; a shown stage count of a wider
    scope can still be subtracted (docs/transparency.md, known gap)."""
    if total_hides_with_parts and any(0 < v < threshold for v in values):
        hide_total = True
    table = suppress(
        [[v] for v in values],
        threshold=threshold,
        row_totals=False,
        columns=1,
        hide_total=hide_total,
    )
    return replace(table, total=table.column_totals[0])


# ------------------------------------------------------------------------------ internals


def _augmented(rows: Sequence[Sequence[int]], height: int, width: int) -> list[list[int]]:
    grid = [[*row, sum(row)] for row in rows]
    sums = [sum(grid[i][j] for i in range(height)) for j in range(width + 1)]
    return [*grid, sums]


def _lines(
    height: int, width: int, *, row_totals: bool, column_totals: bool
) -> list[tuple[list[Position], Position]]:
    """(parts, total) for every published sum: rows (and the totals row), then columns."""
    lines: list[tuple[list[Position], Position]] = []
    if row_totals:
        last = height + 1 if column_totals else height
        lines += [([(i, j) for j in range(width)], (i, width)) for i in range(last)]
    if column_totals:
        last = width + 1 if row_totals else width
        lines += [([(i, j) for i in range(height)], (height, j)) for j in range(last)]
    return lines


def _bounds(mark: Mark, threshold: int) -> tuple[int, float]:
    return (1, threshold - 1) if mark == Mark.SMALL else (threshold, float("inf"))


def _line_leak(
    line: tuple[list[Position], Position],
    grid: list[list[int]],
    marks: dict[Position, Mark],
    published: set[Position],
) -> Position | None:
    """The cell to hide next when this line has exactly one hidden cell, else None."""
    parts, total = line
    members = [*parts, total]
    hidden = [pos for pos in members if pos in marks]
    if len(hidden) == 1:
        return _smallest_shown(members, grid, marks, published)
    return None


def _interval_fix(
    grid: list[list[int]],
    marks: dict[Position, Mark],
    published: set[Position],
    lines: list[tuple[list[Position], Position]],
    threshold: int,
) -> set[Position]:
    """Propagate what anyone knows (shown values, the bounds of the hidden ones, every published
    sum) until nothing narrows; each hidden cell left with one possible value gets a partner."""
    low: dict[Position, float] = {}
    high: dict[Position, float] = {}
    for pos in published:
        if pos in marks:
            low[pos], high[pos] = _bounds(marks[pos], threshold)
        else:
            low[pos] = high[pos] = grid[pos[0]][pos[1]]
    for _round in range(200):
        narrowed = False
        for parts, total in lines:
            low_sum = sum(low[p] for p in parts)
            high_sum = sum(high[p] for p in parts)
            new_low, new_high = max(low[total], low_sum), min(high[total], high_sum)
            if (new_low, new_high) != (low[total], high[total]):
                low[total], high[total], narrowed = new_low, new_high, True
            for p in parts:
                p_low = max(low[p], low[total] - (high_sum - high[p]))
                p_high = min(high[p], high[total] - (low_sum - low[p]))
                if (p_low, p_high) != (low[p], high[p]):
                    low[p], high[p], narrowed = p_low, p_high, True
        if not narrowed:
            break
    pinned = [pos for pos in sorted(marks) if low[pos] >= high[pos]]
    return {extra for pos in pinned if (extra := _partner(pos, grid, marks, published, lines))}


def _partner(
    pos: Position,
    grid: list[list[int]],
    marks: dict[Position, Mark],
    published: set[Position],
    lines: list[tuple[list[Position], Position]],
) -> Position | None:
    """The smallest shown cell of the first line through `pos` that still has one."""
    for parts, total in lines:
        members = [*parts, total]
        if pos in members:
            extra = _smallest_shown(members, grid, marks, published)
            if extra is not None:
                return extra
    return None


def _smallest_shown(
    members: list[Position],
    grid: list[list[int]],
    marks: dict[Position, Mark],
    published: set[Position],
) -> Position | None:
    candidates = [
        pos for pos in members if pos not in marks and pos in published and grid[pos[0]][pos[1]] > 0
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda pos: (grid[pos[0]][pos[1]], pos))


def _bridge_fix(
    grid: list[list[int]],
    marks: dict[Position, Mark],
    published: set[Position],
    lines: list[tuple[list[Position], Position]],
    height: int,
    width: int,
) -> set[Position]:
    """A complementary cell for each hidden cell that no cycle of hidden cells protects.

    Nodes are the rows and columns of the table with its margins; an unpublished line (no total)
    is no constraint, so all of them are merged into one free node ("ground")."""
    constrained_rows = {total[0] for parts, total in lines if total[1] == width}
    constrained_cols = {total[1] for parts, total in lines if total[0] == height}

    def row_node(i: int) -> str:
        return f"r{i}" if i in constrained_rows else "ground"

    def col_node(j: int) -> str:
        return f"c{j}" if j in constrained_cols else "ground"

    edges = [(pos, row_node(pos[0]), col_node(pos[1])) for pos in sorted(marks)]
    bridges = [edges[index][0] for index in _bridges([(a, b) for _pos, a, b in edges])]
    return {extra for pos in bridges if (extra := _partner(pos, grid, marks, published, lines))}


def _bridges(edges: list[tuple[str, str]]) -> list[int]:
    """Indexes of the bridges of a multigraph (Tarjan, iterative: a table can have many rows)."""
    adjacency: dict[str, list[tuple[str, int]]] = {}
    for index, (a, b) in enumerate(edges):
        if a == b:
            continue  # a loop at ground: the cell is in no published sum at all
        adjacency.setdefault(a, []).append((b, index))
        adjacency.setdefault(b, []).append((a, index))
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    found: list[int] = []
    for root in sorted(adjacency):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[str, int, int]] = [(root, -1, 0)]  # node, edge it came by, next neighbour
        while stack:
            node, via, at = stack[-1]
            neighbours = adjacency[node]
            if at < len(neighbours):
                stack[-1] = (node, via, at + 1)
                other, index = neighbours[at]
                if index == via:
                    continue
                if other in order:
                    low[node] = min(low[node], order[other])
                else:
                    order[other] = low[other] = len(order)
                    stack.append((other, index, 0))
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    found.append(via)
    return sorted(found)
