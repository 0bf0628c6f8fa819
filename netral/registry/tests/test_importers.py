import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from netral.registry import importers
from netral.registry import services as registry_services
from netral.registry.models import Agency, CivilServant
from netral.registry.tests.factories import RegionFactory, make_nip

HEADER = ["nip", "nama", "jenis", "instansi", "unit_kerja", "jabatan", "golongan", "status"]
NIP_A, NIP_B = make_nip(1), make_nip(2, gender="2")
PPPK = "199001012022211001"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def row(nip=NIP_A, name="Siti Aminah", kind="PNS", agency="PEMDA-3402-DISDIK", rank="III/b"):
    return [nip, name, kind, agency, "Sekretariat", "Analis", rank, "aktif"]


def write_csv(path, rows, header=HEADER, encoding="utf-8", delimiter=","):
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def import_file(path, **options):
    table = importers.read_table(path, importers.CIVIL_SERVANTS)
    result = registry_services.upsert_civil_servants(rows=table.rows, **options)
    return table, result


def messages(result):
    return [(p.row, p.column, p.message) for p in result.problems]


def test_a_valid_file_is_imported_and_reimporting_changes_nothing(tmp_path, agencies):
    path = write_csv(tmp_path / "asn.csv", [row(), row(NIP_B, "Budi Santoso")])
    _table, result = import_file(path)
    assert (result.created, result.updated, result.problems) == (2, 0, [])
    person = CivilServant.objects.get(nip=NIP_A)
    assert (person.agency, person.rank, person.status) == (agencies["disdik"], "III/b", "aktif")
    _table, again = import_file(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_changed_row_updates_by_nip(tmp_path, agencies):
    import_file(write_csv(tmp_path / "a.csv", [row()]))
    _table, result = import_file(write_csv(tmp_path / "b.csv", [row(name="Siti Aminah, S.Pd.")]))
    assert (result.created, result.updated) == (0, 1)
    assert CivilServant.objects.get(nip=NIP_A).name == "Siti Aminah, S.Pd."


@pytest.mark.parametrize(
    ("nip", "fragment"),
    [
        ("198602300201505100", "not a possible birth date"),
        ("19860926201505100", "must have 18 digits, not 17"),
        ("1986092620150510011", "must have 18 digits, not 19"),
        ("19860926201505100A", "digits only"),
        ("198609262015131001", "9–14"),
        ("198609261980051001", "after the birth date"),
        ("", "empty"),
    ],
)
def test_a_bad_nip_is_reported_by_row_and_nothing_is_written(tmp_path, agencies, nip, fragment):
    path = write_csv(tmp_path / "asn.csv", [row(NIP_B), row(nip)])
    _table, result = import_file(path)
    assert [(p.row, p.column) for p in result.problems] == [(3, "nip")]
    assert fragment in result.problems[0].message
    assert not result.written
    assert not CivilServant.objects.exists()


def test_unknown_agency_and_status_and_rank_are_each_reported(tmp_path, agencies):
    bad = [NIP_A, "Siti", "PNS", "TIDAK-ADA", "", "", "III/z", "cuti panjang"]
    _table, result = import_file(write_csv(tmp_path / "asn.csv", [bad]))
    columns = {p.column: p.message for p in result.problems}
    assert set(columns) == {"agency_code", "status", "rank"}
    assert "TIDAK-ADA is not in the registry" in columns["agency_code"]


def test_duplicate_nip_in_the_file_names_the_first_row(tmp_path, agencies):
    _table, result = import_file(write_csv(tmp_path / "asn.csv", [row(), row(NIP_B), row()]))
    assert messages(result) == [(4, "nip", f"NIP {NIP_A} already appears in row 2.")]


def test_valid_only_imports_the_good_rows_and_reports_the_bad(tmp_path, agencies):
    path = write_csv(tmp_path / "asn.csv", [row(), row("123"), row(NIP_B)])
    _table, result = import_file(path, valid_only=True)
    assert (result.created, result.invalid_rows, result.written) == (2, 1, True)
    assert set(CivilServant.objects.values_list("nip", flat=True)) == {NIP_A, NIP_B}


def test_dry_run_counts_but_writes_nothing(tmp_path, agencies):
    _table, result = import_file(write_csv(tmp_path / "asn.csv", [row()]), dry_run=True)
    assert (result.created, result.written) == (1, False)
    assert not CivilServant.objects.exists()


def test_pppk_numbers_are_recognised_and_a_kind_mismatch_is_explained(tmp_path, agencies):
    rows = [row(PPPK, kind="", rank="9"), row(NIP_B, kind="PPPK", rank="IX")]
    _table, result = import_file(write_csv(tmp_path / "asn.csv", rows), valid_only=True)
    person = CivilServant.objects.get(nip=PPPK)
    assert (person.kind, person.rank) == ("pppk", "IX")
    assert messages(result) == [(3, "nip", "This looks like a PNS number, but the kind says PPPK.")]


def test_windows_1252_csv_from_excel_is_read_and_said_so(tmp_path, agencies):
    path = write_csv(tmp_path / "asn.csv", [row(name="Nur’aini Hidayati")], encoding="cp1252")
    table, result = import_file(path)
    assert result.created == 1
    assert CivilServant.objects.get().name == "Nur’aini Hidayati"
    assert any("Windows-1252" in note for note in table.notes)


def test_utf8_with_bom_and_semicolons_and_indonesian_headers_in_any_case(tmp_path, agencies):
    header = ["NIP", "Nama", "Jenis", "Instansi", "Unit Kerja", "Jabatan", "Golongan", "Status"]
    path = write_csv(
        tmp_path / "asn.csv", [row(name="Ayu Rahayu")], header, "utf-8-sig", delimiter=";"
    )
    _table, result = import_file(path)
    assert result.created == 1
    assert CivilServant.objects.get().unit == "Sekretariat"


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused(tmp_path, db):
    path = tmp_path / "asn.csv"
    path.write_bytes(b"nip,nama,instansi\n\x81\x8d\x8f,x,y\n")
    with pytest.raises(importers.FileProblem, match="neither UTF-8 nor Windows-1252"):
        importers.read_table(path, importers.CIVIL_SERVANTS)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"nip,nama,instansi\n", "no data rows"),
        (b"nip,nama\n1,2\n", "instansi missing"),
        (b"PK\x03\x04rest", "XLSX"),
        (b"\xff\xfe\x00garbage\x00", "UTF-16"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(tmp_path, db, content, fragment):
    path = tmp_path / "asn.csv"
    path.write_bytes(content)
    with pytest.raises(importers.FileProblem, match=fragment):
        importers.read_table(path, importers.CIVIL_SERVANTS)


def test_other_file_types_are_refused(tmp_path, db):
    path = tmp_path / "asn.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(importers.FileProblem, match=".pdf"):
        importers.read_table(path, importers.CIVIL_SERVANTS)


def write_xlsx(path, sheets):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for values in rows:
            sheet.append(values)
    workbook.save(path)
    return path


def test_xlsx_takes_the_sheet_named_pegawai_and_says_which(tmp_path, agencies):
    path = write_xlsx(
        tmp_path / "asn.xlsx",
        [("Petunjuk", [["Isi sheet Pegawai"]]), ("Pegawai", [HEADER, row()])],
    )
    table, result = import_file(path)
    assert result.created == 1
    assert any("“Pegawai”" in note for note in table.notes)


def test_xlsx_without_a_named_sheet_takes_the_first(tmp_path, agencies):
    path = write_xlsx(tmp_path / "asn.xlsx", [("Sheet1", [HEADER, row()]), ("Lain", [["x"]])])
    table, result = import_file(path)
    assert result.created == 1
    assert any("“Sheet1”" in note for note in table.notes)


def test_a_nip_stored_as_a_number_in_xlsx_is_refused(tmp_path, agencies):
    values = row()
    values[0] = int(NIP_A[:15]) * 1000  # what a spreadsheet keeps of an 18-digit number
    _table, result = import_file(write_xlsx(tmp_path / "asn.xlsx", [("Pegawai", [HEADER, values])]))
    assert [(p.row, p.column) for p in result.problems] == [(2, "nip")]
    assert "stored as a number" in result.problems[0].message


def test_a_broken_xlsx_is_refused(tmp_path, db):
    path = tmp_path / "asn.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(importers.FileProblem, match="not a valid XLSX") as refused:
        importers.read_table(path, importers.CIVIL_SERVANTS)
    assert "zip" not in str(refused.value).lower()  # no library words for the uploader


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_export_reimports_unchanged(tmp_path, agencies, suffix):
    import_file(write_csv(tmp_path / "in.csv", [row(), row(PPPK, kind="PPPK", rank="IX")]))
    out = tmp_path / f"out.{suffix}"
    assert importers.export_civil_servants(out) == 2
    table, result = import_file(out)
    assert (result.unchanged, result.updated, result.problems) == (2, 0, [])
    assert table.rows[0]["nip"] in {NIP_A, PPPK}


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_agency_export_reimports_unchanged(tmp_path, agencies, suffix):
    out = tmp_path / f"instansi.{suffix}"
    assert importers.export_agencies(out) == 4
    table = importers.read_table(out, importers.AGENCIES)
    result = registry_services.upsert_agencies(rows=table.rows)
    assert (result.unchanged, result.updated, result.problems) == (4, 0, [])


AGENCY_HEADER = ["kode", "nama", "jenis", "wilayah", "induk", "nama_ppk", "jabatan_ppk"]


def import_agencies(path, **options):
    table = importers.read_table(path, importers.AGENCIES)
    return registry_services.upsert_agencies(rows=table.rows, **options)


def test_agencies_are_created_with_parents_listed_after_children(tmp_path, regions):
    RegionFactory(code="34.71", name="Kota Yogyakarta")
    rows = [
        [
            "pemda-3471-disdik",
            "Dinas Pendidikan Kota Yogyakarta",
            "OPD",
            "34.71",
            "PEMDA-3471",
            "",
            "",
        ],
        [
            "PEMDA-3471",
            "Pemerintah Kota Yogyakarta",
            "Pemerintah Kota",
            "34.71",
            "",
            "",
            "Wali Kota",
        ],
    ]
    result = import_agencies(write_csv(tmp_path / "i.csv", rows, AGENCY_HEADER))
    assert (result.created, result.problems) == (2, [])
    child = Agency.objects.get(code="PEMDA-3471-DISDIK")
    assert (child.parent.code, child.kind) == ("PEMDA-3471", "perangkat_daerah")
    again = import_agencies(write_csv(tmp_path / "i.csv", rows, AGENCY_HEADER))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_agency_problems_are_reported_per_row(tmp_path, regions):
    rows = [
        ["A", "Instansi A", "perangkat_daerah", "99.99", "", "", ""],
        ["B", "Instansi B", "pemerintah_kota", "34.02", "", "", ""],
        ["C", "Instansi C", "perangkat_daerah", "34.02", "D", "", ""],
        ["D", "Instansi D", "perangkat_daerah", "34.02", "C", "", ""],
        ["E", "Instansi E", "kantor", "", "", "", ""],
        ["F F", "", "kementerian", "", "X", "", ""],
    ]
    result = import_agencies(write_csv(tmp_path / "i.csv", rows, AGENCY_HEADER))
    found = {(p.row, p.column) for p in result.problems}
    assert found == {
        (2, "region_code"),
        (3, "region_code"),
        (4, "parent_code"),
        (5, "parent_code"),
        (6, "kind"),
        (7, "code"),
        (7, "name"),
    }
    assert not Agency.objects.exists()


def test_import_command_refuses_and_reports_in_indonesian(tmp_path, agencies, capsys):
    path = write_csv(tmp_path / "asn.csv", [row(), row("12345")])
    report = tmp_path / "masalah.csv"
    with translation.override("id"), pytest.raises(CommandError) as exc:
        call_command("import-civil-servants", str(path), "--report", str(report), verbosity=0)
    assert "Tidak ada yang diimpor" in str(exc.value)
    out = capsys.readouterr().out
    assert "Baris 3, kolom nip: NIP harus terdiri atas 18 digit, bukan 5." in out
    assert not CivilServant.objects.exists()
    assert "NIP harus" in report.read_text(encoding="utf-8-sig")


def test_import_command_valid_only_and_dry_run(tmp_path, agencies, capsys):
    path = write_csv(tmp_path / "asn.csv", [row(), row("12345")])
    call_command("import-civil-servants", str(path), "--dry-run", "--valid-only", verbosity=0)
    assert not CivilServant.objects.exists()
    call_command("import-civil-servants", str(path), "--valid-only", verbosity=0)
    assert CivilServant.objects.count() == 1


def test_import_command_explains_an_unreadable_file(tmp_path, db):
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="empty"):
        call_command("import-agencies", str(path), verbosity=0)


def test_export_commands_write_both_formats(tmp_path, civil_servants):
    for command, name in (("export-civil-servants", "asn"), ("export-agencies", "instansi")):
        for suffix in ("csv", "xlsx"):
            call_command(command, str(tmp_path / f"{name}.{suffix}"), verbosity=0)
            assert (tmp_path / f"{name}.{suffix}").stat().st_size > 0
    with pytest.raises(CommandError):
        call_command("export-agencies", str(tmp_path / "instansi.pdf"))


SAMPLES = Path(__file__).resolve().parents[3] / "docs" / "samples"


def test_the_documented_samples_import_cleanly(regions):
    agencies = import_agencies(SAMPLES / "instansi.csv")
    assert (agencies.created, agencies.problems) == (6, [])
    for name in ("asn.csv", "asn.xlsx"):
        _table, result = import_file(SAMPLES / name)
        assert result.problems == []
    assert CivilServant.objects.count() == 5
    assert CivilServant.objects.get(nip="198811022022211002").kind == "pppk"


def test_the_documented_bad_sample_reports_each_problem(regions):
    import_agencies(SAMPLES / "instansi.csv")
    _table, result = import_file(SAMPLES / "asn-bermasalah.csv")
    assert [(p.row, p.column) for p in result.problems] == [
        (3, "nip"),
        (4, "nip"),
        (5, "nip"),
        (6, "agency_code"),
        (7, "nip"),
    ]
    assert not CivilServant.objects.exists()
