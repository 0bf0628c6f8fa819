"""A table as CSV or XLSX, streamed: CSV line by line, XLSX written by openpyxl's write-only
mode to a temporary file and sent from disk, so memory stays flat whatever the table's size."""

import csv
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheet programs read the file as UTF-8
    yield writer.writerow(columns)
    for row in rows:
        yield writer.writerow(["" if value is None else value for value in row])


def write_xlsx(sheets: Iterable[tuple[str, list[str], Iterable[list[Any]]]], target: Any) -> None:
    """Writes (title, columns, rows) sheets to a file or file name, in write-only mode."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = book.create_sheet(_sheet_title(title))
        sheet.append(columns)
        for row in rows:
            sheet.append(list(row))
    book.save(target)


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)
    return cleaned[:31] or "Sheet"


def download(
    name: str, kind: str, sheets: list[tuple[str, list[str], Iterable[list[Any]]]]
) -> HttpResponseBase:
    """The sheets as one CSV (the first sheet) or one XLSX workbook, as an attachment."""
    if kind == "csv":
        title, columns, rows = sheets[0]
        response = StreamingHttpResponse(
            csv_lines(columns, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write_xlsx(sheets, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=f"{name}.xlsx", content_type=XLSX)
