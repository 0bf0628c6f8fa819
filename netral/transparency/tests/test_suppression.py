"""Suppression on hand-worked and adversarial tables, each checked by an attacker that knows every
published figure and the rules, and tries every table consistent with them."""

import itertools
import random

import pytest

from netral.transparency import suppression
from netral.transparency.suppression import Mark


def augmented(rows: list[list[int]]) -> list[list[int]]:
    grid = [[*row, sum(row)] for row in rows]
    return [*grid, [sum(col) for col in zip(*grid, strict=True)]]


def published_grid(table: suppression.Table) -> list[list[suppression.Cell | None]]:
    grid: list[list[suppression.Cell | None]] = [
        [*row, table.row_totals[i] if table.row_totals else None]
        for i, row in enumerate(table.cells)
    ]
    bottom = [*table.column_totals, table.total] if table.column_totals else None
    grid.append(bottom or [None] * len(grid[0]))
    if not table.column_totals and table.total is not None:
        grid[-1][-1] = table.total
    return grid


def attacker_values(rows: list[list[int]], table: suppression.Table) -> dict[tuple, set[int]]:
    """Every value each hidden cell can take in some table consistent with what is shown."""
    truth = augmented(rows)
    shown = published_grid(table)
    height, width = len(rows), len(rows[0])
    cap = truth[height][width]
    unknown = [
        (i, j)
        for i in range(height + 1)
        for j in range(width + 1)
        if shown[i][j] is not None and shown[i][j].suppressed
    ]
    ranges = {
        pos: range(1, table.threshold)
        if shown[pos[0]][pos[1]].mark == Mark.SMALL
        else range(table.threshold, cap + 1)
        for pos in unknown
    }
    lines = []
    if table.row_totals:
        lines += [
            [(i, j) for j in range(width + 1)] for i in range(height + bool(table.column_totals))
        ]
    if table.column_totals:
        lines += [
            [(i, j) for i in range(height + 1)] for j in range(width + bool(table.row_totals))
        ]
    seen: dict[tuple, set[int]] = {pos: set() for pos in unknown}

    def value(assign, pos):
        cell = shown[pos[0]][pos[1]]
        return assign.get(pos) if cell is not None and cell.suppressed else cell.value

    lines_of = {pos: [line for line in lines if pos in line] for pos in unknown}

    def consistent(assign, pos) -> bool:
        for line in lines_of[pos]:
            *parts, total = line
            known = [value(assign, p) for p in line]
            if None not in known and sum(known[:-1]) != known[-1]:
                return False
            partial = sum(v for v in known[:-1] if v is not None)
            if None in known[:-1] and known[-1] is not None and partial > known[-1]:
                return False
        return True

    def search(index: int, assign: dict) -> None:
        if index == len(unknown):
            for pos in unknown:
                seen[pos].add(assign[pos])
            return
        pos = unknown[index]
        for v in ranges[pos]:
            assign[pos] = v
            if consistent(assign, pos):
                search(index + 1, assign)
            del assign[pos]

    search(0, {})
    return seen


def assert_safe(rows: list[list[int]], threshold: int = 5, **kwargs) -> suppression.Table:
    table = suppression.suppress(rows, threshold=threshold, **kwargs)
    for pos, values in attacker_values(rows, table).items():
        assert len(values) >= 2, f"cell {pos} gives back {values}"
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            cell = table.cells[i][j]
            if 0 < v < threshold:
                assert cell.mark == Mark.SMALL and cell.text == f"< {threshold}"
            if cell.suppressed:
                assert cell.value is None
            else:
                assert cell.value == v
    return table


def test_nothing_is_hidden_when_every_count_is_large_or_zero():
    table = assert_safe([[5, 0, 9], [12, 7, 0]])
    assert table.suppressed_count == 0
    assert [c.value for c in table.row_totals] == [14, 19]
    assert [c.value for c in table.column_totals] == [17, 7, 9]
    assert table.total.value == 33


def test_single_small_cell_in_a_row_takes_a_partner_in_row_and_column():
    rows = [[3, 10, 12], [8, 9, 11], [15, 6, 7]]
    table = assert_safe(rows)
    assert table.cells[0][0].text == "< 5"
    row0 = [c for c in table.cells[0] if c.suppressed]
    col0 = [r[0] for r in table.cells if r[0].suppressed]
    assert len(row0) >= 2 and len(col0) >= 2
    hidden = {c.text for r in table.cells for c in r if c.suppressed}
    assert hidden <= {"< 5", "×"}


def test_a_small_total_is_itself_suppressed_and_protected():
    rows = [[1, 2], [10, 20]]
    table = assert_safe(rows)
    assert table.row_totals[0].text == "< 5"


def test_two_small_cells_whose_sum_pins_them_are_protected():
    # 1 + 1 = 12 - 10: without the interval audit both would be known to be 1.
    assert_safe([[1, 1, 10], [6, 7, 8]])
    assert_safe([[4, 4, 9], [9, 9, 9]])


def test_a_small_cell_next_to_a_threshold_complement_is_not_pinned():
    assert_safe([[1, 5, 20], [7, 9, 30]])


def test_all_small_table():
    table = assert_safe([[1, 2], [3, 1]])
    assert all(c.suppressed for row in table.cells for c in row)
    assert table.total.value == 7 or table.total.suppressed


def test_all_small_table_with_a_small_grand_total_hides_everything():
    table = assert_safe([[1, 1], [1, 0]])
    assert table.total.suppressed


def test_suppressed_cells_in_totals_rows_and_columns():
    assert_safe([[2, 30, 40], [3, 30, 40], [0, 0, 1]])


def test_a_bridge_between_two_suppressed_rectangles_is_closed():
    rows = [
        [2, 2, 50, 50, 50],
        [2, 2, 50, 50, 50],
        [50, 50, 50, 2, 2],
        [50, 50, 50, 2, 2],
    ]
    assert_safe(rows)


def test_a_one_column_list_with_its_total():
    table = suppression.suppress_column([30, 2, 0, 40], threshold=5)
    assert table.cells[1][0].text == "< 5"
    assert table.cells[2][0].value == 0
    assert sum(1 for row in table.cells if row[0].suppressed) >= 2
    assert_safe([[30], [2], [0], [40]], row_totals=False)


def test_a_list_whose_only_small_count_is_its_total_hides_the_total():
    # Found on the demo: pending 3, every other outcome 0, total 3 shown gave the 3 back.
    table = suppression.suppress_column([0, 0, 0, 0, 3], threshold=5)
    assert table.total.suppressed and table.total.value is None
    assert table.cells[4][0].text == "< 5"
    assert [row[0].value for row in table.cells[:4]] == [0, 0, 0, 0]


def test_a_list_total_is_its_column_total():
    table = suppression.suppress_column([6, 7], threshold=5)
    assert table.total is table.column_totals[0] and table.total.value == 13


def test_two_lists_of_one_population_hide_their_total_together():
    # Six categories of one report each add up to 6: with the 6 shown elsewhere, each is 1.
    categories = suppression.suppress_column([1] * 6, threshold=5)
    assert categories.total.suppressed
    regions = suppression.suppress_column([6], threshold=5, hide_total=True)
    assert regions.total.suppressed and regions.cells[0][0].suppressed


def test_the_threshold_is_a_parameter():
    table = suppression.suppress([[7, 20], [20, 20]], threshold=10)
    assert table.cells[0][0].text == "< 10"


@pytest.mark.parametrize("bad", [[[1, 2], [3]], [[-1, 2]]])
def test_refuses_tables_that_are_not_counts(bad):
    with pytest.raises(ValueError):
        suppression.suppress(bad, threshold=5)


def test_refuses_a_threshold_below_one():
    with pytest.raises(ValueError):
        suppression.suppress([[1]], threshold=0)


def test_empty_table():
    table = suppression.suppress([], threshold=5, columns=3)
    assert table.cells == [] and table.total.value == 0
    assert [cell.value for cell in table.column_totals] == [0, 0, 0]


@pytest.mark.parametrize("seed", range(38))
def test_random_small_tables_are_safe(seed):
    rng = random.Random(seed)
    height, width = rng.randint(1, 3), rng.randint(1, 3)
    rows = [[rng.choice([0, 1, 2, 3, 4, 5, 6, 9]) for _ in range(width)] for _ in range(height)]
    assert_safe(rows)


def test_a_long_table_does_not_exhaust_the_stack():
    rows = [[i % 7, (i * 3) % 11, 20] for i in range(1000)]
    table = suppression.suppress(rows, threshold=5)
    assert table.total.value == sum(map(sum, rows))


def test_every_shown_value_is_the_true_value():
    rows = [[r, c] for r, c in itertools.product(range(0, 8), range(3, 6))]
    table = suppression.suppress(rows, threshold=5)
    for row, cells in zip(rows, table.cells, strict=True):
        for v, cell in zip(row, cells, strict=True):
            assert cell.suppressed or cell.value == v


def test_a_list_total_hides_with_any_small_part():
    """The national total minus the totals of other scopes would give back hidden counts."""
    guarded = suppression.suppress_column([4, 4, 3], threshold=5, total_hides_with_parts=True)
    assert [row[0].mark for row in guarded.cells] == [Mark.SMALL] * 3
    assert guarded.total is not None and guarded.total.text == "×"
    plain = suppression.suppress_column([6, 7], threshold=5, total_hides_with_parts=True)
    assert plain.total is not None and plain.total.text == "13"
