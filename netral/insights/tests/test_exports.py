"""The XLSX writer (decision 0130): text stays text, sheet names stay valid and distinct, and the
workbook reads back as written."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from netral.insights import exports


def _written(sheets) -> dict[str, list[tuple]]:
    target = io.BytesIO()
    exports.write_xlsx(sheets, target)
    book = load_workbook(io.BytesIO(target.getvalue()))
    return {name: list(book[name].values) for name in book.sheetnames}


def test_cells_keep_their_type_and_text_is_never_a_formula_a_number_or_a_link():
    rows = [
        ['=HYPERLINK("http://x")', "007", "https://contoh.id", 3, 2.5, Decimal("1.5"), None],
        ["+62 812", "-1", gettext_lazy("Cases"), True, 0, 0.0, dt.date(2024, 10, 1)],
    ]
    columns = ["a", "b", "c", "d", "e", "f", "g"]
    found = _written([("Kasus", columns, iter(rows))])["Kasus"]
    assert found[0] == tuple(columns)
    assert found[1] == ('=HYPERLINK("http://x")', "007", "https://contoh.id", 3, 2.5, 1.5, None)
    assert found[2][:6] == ("+62 812", "-1", "Kasus", True, 0, 0)
    assert found[2][6].date() == dt.date(2024, 10, 1)  # a date cell, read back as a datetime


def test_sheet_names_are_cleaned_cut_to_31_characters_and_made_distinct():
    long = "Rekomendasi: tindak lanjut [PPK] per kabupaten/kota"
    sheets = [(long, ["x"], []), (long, ["y"], []), ("", ["z"], []), ("'sheet'", ["w"], [])]
    names = list(_written(sheets))
    assert names[0] == "Rekomendasi tindak lanjut PPK"  # whole words, never cut in one
    assert names[1] == "Rekomendasi tindak lanjut (2)"
    assert names[2:] == ["Sheet", "sheet (2)"]  # Excel compares names without case
    assert all(len(name) <= 31 for name in names)


def test_a_large_sheet_is_written_row_by_row():
    rows = ([f"K-{i:06d}", i] for i in range(5000))
    found = _written([("Kasus", ["kode", "n"], rows)])["Kasus"]
    assert len(found) == 5001
    assert found[-1] == ("K-004999", 4999)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+62 812", "'+62 812"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-", "-"),  # a lone dash is no formula
        ("Camat hadir", "Camat hadir"),
        (-5, -5),  # numbers stay numbers
        (None, ""),
    ],
)
def test_csv_cells_never_start_a_formula(value, cell):
    assert exports.csv_cell(value) == cell


def test_a_long_sheet_name_ends_at_a_whole_word():
    names = list(_written([("Waktu per tahapan hukum dibanding tenggatnya", ["x"], [])]))
    assert names == ["Waktu per tahapan hukum"]


def test_shares_and_days_are_numbers_with_a_format():
    target = io.BytesIO()
    share = exports.Number(1 / 3, "33%", exports.PERCENT)
    days = exports.Number(0.8, "0,8", exports.ONE_DECIMAL)
    exports.write_xlsx([("Kasus", ["a", "b"], [[share, days]])], target)
    sheet = load_workbook(io.BytesIO(target.getvalue()))["Kasus"]
    assert (sheet["A2"].value, sheet["A2"].number_format) == (pytest.approx(1 / 3), "0%")
    assert (sheet["B2"].value, sheet["B2"].number_format) == (0.8, "0.0")
    assert list(exports.csv_lines(["a", "b"], [[share, days]]))[-1] == '33%,"0,8"\r\n'
