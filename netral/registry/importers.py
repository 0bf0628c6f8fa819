"""Reading agency and civil-servant tables from CSV or XLSX files, and writing them back.

Reading only turns a file into rows with canonical keys and row numbers; every check and every
write happens in services.upsert_agencies / upsert_civil_servants, the same path other apps use.
An exported file re-imports unchanged: same columns, same values. Formats: docs/data.md.
"""

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from netral.registry.models import Agency, CivilServant
from netral.registry.services.rows import RowProblem


@dataclass(frozen=True)
class TableFormat:
    """Canonical keys with the header names accepted for each (the first is written on export)."""

    columns: tuple[tuple[str, tuple[str, ...]], ...]
    required: tuple[str, ...]
    sheet_names: tuple[str, ...]

    @property
    def headers(self) -> list[str]:
        return [aliases[0] for _key, aliases in self.columns]


CIVIL_SERVANTS = TableFormat(
    columns=(
        ("nip", ("nip", "ni_pppk", "nip_ni_pppk", "nomor_induk")),
        ("name", ("nama", "nama_lengkap", "name")),
        ("kind", ("jenis", "jenis_asn", "kind")),
        ("agency_code", ("instansi", "kode_instansi", "agency", "agency_code")),
        ("unit", ("unit_kerja", "unit")),
        ("position", ("jabatan", "position")),
        ("rank", ("golongan", "pangkat_golongan", "gol", "rank")),
        ("status", ("status", "status_kepegawaian")),
    ),
    required=("nip", "name", "agency_code"),
    sheet_names=("pegawai", "asn", "data_asn", "civil_servants"),
)
AGENCIES = TableFormat(
    columns=(
        ("code", ("kode", "kode_instansi", "code")),
        ("name", ("nama", "nama_instansi", "name")),
        ("kind", ("jenis", "kind")),
        ("region_code", ("wilayah", "kode_wilayah", "region", "region_code")),
        ("parent_code", ("induk", "kode_induk", "parent", "parent_code")),
        ("ppk_name", ("nama_ppk", "ppk", "ppk_name")),
        ("ppk_position", ("jabatan_ppk", "ppk_position")),
    ),
    required=("code", "name", "kind"),
    sheet_names=("instansi", "agencies"),
)


class FileProblem(Exception):
    """The file as a whole cannot be read; the message is translated and says what to do."""


@dataclass
class Table:
    """Rows keyed by canonical names, each with its "row" number as a spreadsheet shows it."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def column_name(self, key: str) -> str:
        return self.headers.get(key, key)


def read_table(path: str | Path, table_format: TableFormat) -> Table:
    """Reads a .csv or .xlsx file; raises FileProblem when the file as a whole is unusable."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileProblem(_("The file cannot be opened: %(error)s") % {"error": exc}) from exc
    if not raw.strip():
        raise FileProblem(_("The file is empty."))
    suffix = path.suffix.lower()
    table = Table()
    if suffix == ".xlsx":
        records = _xlsx_records(raw, table_format, table)
    elif suffix in (".csv", ".txt"):
        records = _csv_records(raw, table)
    else:
        raise FileProblem(
            _("Unsupported file type %(suffix)s: use .csv or .xlsx.") % {"suffix": suffix}
        )
    _build_rows(records, table_format, table)
    return table


def _normal_header(value: Any) -> str:
    text = str(value or "").replace("\ufeff", "").strip().lower().rstrip("*").strip()
    return "_".join(text.replace("-", " ").replace("/", " ").split())


def _decode(raw: bytes, table: Table) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Excel's "Unicode text" export.
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem(
                _("The file starts as UTF-16 text but is damaged. Save it again as “CSV UTF-8”.")
            ) from None
    if raw.startswith(b"PK\x03\x04"):
        raise FileProblem(
            _("This is an XLSX workbook, not CSV: give the file the .xlsx extension.")
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise FileProblem(
            _("The file is neither UTF-8 nor Windows-1252 text. Save it again as “CSV UTF-8”.")
        ) from None
    table.notes.append(_("The file is not UTF-8; it was read as Windows-1252 (Excel's CSV)."))
    return text


def _csv_records(raw: bytes, table: Table) -> Iterable[tuple[int, list[Any]]]:
    text = _decode(raw, table)
    if "\x00" in text:
        raise FileProblem(_("The file contains binary data and is not a CSV table."))
    first_line = text.lstrip().split("\n", 1)[0]
    # Excel in Indonesian settings separates with ";"; "Unicode text" uses tabs.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return ((number, record) for number, record in enumerate(reader, start=1))


def _xlsx_records(
    raw: bytes, table_format: TableFormat, table: Table
) -> Iterable[tuple[int, list[Any]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        # The library's own words (English, technical) would only puzzle the uploader.
        message = _("The file is not a valid XLSX workbook: save it again as .xlsx and retry.")
        raise FileProblem(message) from exc
    sheets = workbook.worksheets
    if not sheets:
        raise FileProblem(_("The workbook has no sheet."))
    named = [s for s in sheets if _normal_header(s.title) in table_format.sheet_names]
    sheet = (named or sheets)[0]
    if len(sheets) > 1:
        table.notes.append(
            _("The workbook has %(count)d sheets; sheet “%(sheet)s” was read.")
            % {"count": len(sheets), "sheet": sheet.title}
        )
    rows = sheet.iter_rows(values_only=True)
    return ((number, list(values)) for number, values in enumerate(rows, start=1))


def _header(
    number: int, record: list[Any], table_format: TableFormat, table: Table
) -> dict[int, str]:
    aliases = {alias: key for key, names in table_format.columns for alias in names}
    positions: dict[int, str] = {}
    ignored = []
    for position, value in enumerate(record):
        name = _normal_header(value)
        key = aliases.get(name)
        if key is None:
            if name:
                ignored.append(str(value).strip())
            continue
        if key in table.headers:
            raise FileProblem(
                _("Columns “%(a)s” and “%(b)s” mean the same thing; keep one.")
                % {"a": table.headers[key], "b": str(value).strip()}
            )
        positions[position] = key
        table.headers[key] = name
    names = dict(table_format.columns)
    missing = [names[key][0] for key in table_format.required if key not in table.headers]
    if missing:
        raise FileProblem(
            _(
                "Row %(row)d is not a header with the required columns: %(missing)s missing. "
                "Expected columns: %(expected)s."
            )
            % {
                "row": number,
                "missing": ", ".join(missing),
                "expected": ", ".join(table_format.headers),
            }
        )
    if ignored:
        table.notes.append(_("Columns ignored: %(names)s.") % {"names": ", ".join(ignored)})
    return positions


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _build_rows(
    records: Iterable[tuple[int, list[Any]]], table_format: TableFormat, table: Table
) -> None:
    positions: dict[int, str] | None = None
    width = 0
    for number, record in records:
        if all(_blank(value) for value in record):
            continue
        if positions is None:
            positions = _header(number, record, table_format, table)
            width = max(i for i, value in enumerate(record) if not _blank(value)) + 1
            continue
        if any(not _blank(value) for value in record[width:]):
            table.problems.append(
                RowProblem(number, "", _("This row has more cells than the header has columns."))
            )
        row: dict[str, Any] = {"row": number}
        for position, key in positions.items():
            value = record[position] if position < len(record) else None
            row[key] = value.isoformat()[:10] if isinstance(value, dt.date) else value
        table.rows.append(row)
    if positions is None:
        raise FileProblem(_("The file is empty."))
    if not table.rows:
        raise FileProblem(_("The file has a header but no data rows."))


def _write_csv(path: Path, headers: list[str], rows: Iterable[Iterable[Any]]) -> int:
    count = 0
    # utf-8-sig: Excel recognises the encoding; the importer reads it back the same way.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _write_xlsx(path: Path, sheet: str, headers: list[str], rows: Iterable[Iterable[Any]]) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append(headers)
    count = 0
    for row in rows:
        # Every cell is text: an 18-digit NIP stored as a number would lose its last digits.
        worksheet.append(["" if value is None else str(value) for value in row])
        count += 1
    workbook.save(path)
    return count


def _write(path: str | Path, sheet: str, headers: list[str], rows: Iterable[Iterable[Any]]) -> int:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _write_xlsx(path, sheet, headers, rows)
    if suffix == ".csv":
        return _write_csv(path, headers, rows)
    raise FileProblem(
        _("Unsupported file type %(suffix)s: use .csv or .xlsx.") % {"suffix": suffix}
    )


def export_civil_servants(path: str | Path, queryset: QuerySet[CivilServant] | None = None) -> int:
    """Writes civil servants in the import format; returns how many rows were written."""
    queryset = CivilServant.objects.all() if queryset is None else queryset
    values = queryset.order_by("agency__code", "nip").values_list(
        "nip", "name", "kind", "agency__code", "unit", "position", "rank", "status"
    )
    rows = ((nip, name, kind.upper(), *rest) for nip, name, kind, *rest in values.iterator(2000))
    return _write(path, "Pegawai", CIVIL_SERVANTS.headers, rows)


def export_agencies(path: str | Path, queryset: QuerySet[Agency] | None = None) -> int:
    """Writes agencies in the import format; returns how many rows were written."""
    queryset = Agency.objects.all() if queryset is None else queryset
    values = queryset.order_by("code").values_list(
        "code", "name", "kind", "region__code", "parent__code", "ppk_name", "ppk_position"
    )
    return _write(path, "Instansi", AGENCIES.headers, values.iterator(2000))
