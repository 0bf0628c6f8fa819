"""The compliance table as a page's rows (each count a link to those cases in the queue) and as
downloads: CSV streamed row by row, XLSX built with openpyxl (already a dependency)."""

import csv
import datetime as dt
import io
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from netral.cases.selectors import COMPLIANCE_BUCKETS, Compliance

FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BUCKET_LABELS = {
    "followed": _("Followed"),
    "lighter": _("Lighter sanction"),
    "not_followed": _("Not followed"),
    "overdue": _("No decree by the deadline"),
    "pending": _("Awaiting"),
}
assert set(BUCKET_LABELS) == set(COMPLIANCE_BUCKETS)


def linked_row(row: Compliance, query: dict[str, str]) -> dict[str, Any]:
    """One PPK's counts, each with the queue URL listing exactly those cases."""
    queue = reverse("cases:queue")

    def link(bucket: str = "") -> str:
        wanted = {"scope": "all", "closed": "on", "ppk": row.ppk, **query}
        if bucket:
            wanted["compliance"] = bucket
        return f"{queue}?{urlencode(wanted)}"

    counts = [(getattr(row, key), link(key)) for key in BUCKET_LABELS]
    return {"row": row, "received": (row.received, link()), "counts": counts}


def _header() -> list[str]:
    labels = [str(label) for label in BUCKET_LABELS.values()]
    # When the decree came, whatever it decided: "in time" is no compliance (only "followed" is).
    return [
        str(_("PPK")),
        str(_("Received")),
        *labels,
        str(_("Decree in time")),
        str(_("Decree late")),
    ]


def _values(row: Compliance) -> list[Any]:
    counts = [getattr(row, key) for key in BUCKET_LABELS]
    return [row.ppk, row.received, *counts, row.in_time, row.late]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(rows: list[Compliance]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(_header())
    for row in rows:
        yield writer.writerow(_values(row))


def compliance_download(rows: list[Compliance], kind: str, *, day: dt.date) -> HttpResponseBase:
    """The table as CSV (streamed) or XLSX, named with the day it was taken."""
    name = f"kepatuhan-ppk-{day.isoformat()}.{kind}"
    if kind == "csv":
        streamed = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
        streamed["Content-Disposition"] = f'attachment; filename="{name}"'
        return streamed
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(str(_("PPK compliance"))[:31])
    sheet.append(_header())
    for row in rows:
        sheet.append(_values(row))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
