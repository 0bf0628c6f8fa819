"""What every row-based upsert shares: row numbers, problems, results, small text helpers."""

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models
from django.utils.translation import gettext as _

Progress = Callable[[int], object]


@dataclass(frozen=True)
class RowProblem:
    """One problem in one cell: row number as the user sees it, the column, a translated text."""

    row: int
    column: str
    message: str


@dataclass
class UpsertResult:
    """What an upsert did (or, in a dry run or after a refusal, would have done)."""

    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def invalid_rows(self) -> int:
        return len({problem.row for problem in self.problems})

    def add(self, row: int, column: str, message: str) -> None:
        self.problems.append(RowProblem(row, column, message))


def numbered(rows: Iterable[Mapping[str, Any]]) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """Each row with its number: its own "row" key when a file reader set one, else 1, 2, …"""
    for position, record in enumerate(rows, start=1):
        number = record.get("row")
        yield (number if isinstance(number, int) else position), record


def text(record: Mapping[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def choice_key(value: str) -> str:
    """ "Diberhentikan Sementara" and "diberhentikan_sementara" name the same choice."""
    return "_".join(value.lower().replace("-", " ").split())


def check_length(
    result: UpsertResult, row: int, column: str, value: str, limit: int, required: bool
) -> bool:
    if required and not value:
        result.add(row, column, _("This column is required."))
        return False
    if len(value) > limit:
        result.add(
            row,
            column,
            _("Too long: at most %(limit)d characters, this has %(count)d.")
            % {"limit": limit, "count": len(value)},
        )
        return False
    return True


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def refresh_statistics(model: type[models.Model]) -> None:
    """ANALYZE after a bulk load: without fresh statistics PostgreSQL plans lookups as if the
    table were empty, and the autocomplete joins go from milliseconds to a tenth of a second."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")  # noqa: S608 (a table name from the model, not input)
