"""The post-election evaluation report: its page, PDF, XLSX annex and command."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from netral.cases.tests.factories import ElectionFactory
from netral.insights import evaluation
from netral.insights.models import InsightEvent

pytestmark = pytest.mark.django_db
CODE = "pilkada-bantul-2024"


def test_the_report_page_in_indonesian(client_for, bawaslu_bantul_officer, at_ppk):
    client = client_for(bawaslu_bantul_officer)
    listing = client.get(reverse("insights:reports")).content.decode()
    assert "Pilkada Bantul 2024" in listing
    body = client.get(reverse("insights:report", args=[CODE])).content.decode()
    assert "Laporan Evaluasi Pengawasan Netralitas ASN" in body
    assert "<strong>1</strong> kasus ditangani" in body
    assert "<strong>1</strong> rekomendasi sanksi" in body


def test_the_report_page_in_english(client_for, bawaslu_bantul_officer, at_ppk):
    client = client_for(bawaslu_bantul_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("insights:report", args=[CODE])).content.decode()
    assert '<html lang="en">' in body
    assert "Evaluation report on the oversight of civil-servant neutrality" in body
    assert "<strong>1</strong> cases handled" in body
    assert "Reports and what became of them" in body  # the tables follow the reader too
    for indonesian in ("Laporan Evaluasi", "kasus ditangani", "Ringkasan", "Tidak ada data"):
        assert indonesian not in body


def test_the_annex_has_every_table_and_is_an_event(client_for, bawaslu_bantul_officer, at_ppk):
    response = client_for(bawaslu_bantul_officer).get(
        reverse("insights:report_file", args=[CODE, "xlsx"])
    )
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(book.sheetnames) == len(evaluation.ORDER)
    event = InsightEvent.objects.get()
    assert (event.type, event.payload) == ("report_generated", {"election": CODE, "format": "xlsx"})


def test_the_pdf(client_for, bawaslu_bantul_officer, at_ppk):
    response = client_for(bawaslu_bantul_officer).get(
        reverse("insights:report_file", args=[CODE, "pdf"])
    )
    if response.status_code == 302:  # no WeasyPrint on this machine: the page instead
        assert response["Location"].endswith(f"/laporan/{CODE}/")
    else:
        assert (
            response.content.startswith(b"%PDF") and response["Content-Type"] == "application/pdf"
        )


def test_report_permissions(client_for, bawaslu_sleman_officer, at_ppk, django_user_model):
    other = ElectionFactory(code="pilkada-sleman-2024", region=None)
    client = client_for(bawaslu_sleman_officer)
    assert client.get(reverse("insights:report", args=["tidak-ada"])).status_code == 404
    assert client.get(reverse("insights:report_file", args=[CODE, "doc"])).status_code == 404
    # Bantul's own Pilkada is not Sleman's to evaluate.
    from netral.registry.models import Election

    assert Election.objects.get(code=CODE).region.code == "34.02"
    assert client.get(reverse("insights:report", args=[CODE])).status_code == 403
    assert client.get(reverse("insights:report", args=[other.code])).status_code == 200
    nobody = django_user_model.objects.create_user(username="nobody", password="x-very-long-1")
    assert client_for(nobody).get(reverse("insights:reports")).status_code == 403


def test_an_election_without_cases_still_gets_its_report(
    client_for, bawaslu_bantul_officer, regions
):
    ElectionFactory(code="pilkada-kosong", region=regions["bantul"])
    body = client_for(bawaslu_bantul_officer).get(
        reverse("insights:report", args=["pilkada-kosong"])
    )
    assert "Tidak ada laporan maupun kasus" in body.content.decode()


def test_the_command(at_ppk, tmp_path, capsys):
    call_command("evaluation-report", CODE, "--out", str(tmp_path))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert any(n.endswith("-lampiran.xlsx") for n in names)
    assert any(n.endswith((".pdf", ".html")) for n in names)
    with pytest.raises(CommandError):
        call_command("evaluation-report", "tidak-ada", "--out", str(tmp_path))


def test_share_and_report_headings_are_nouns_in_indonesian(
    client_for, bawaslu_bantul_officer, at_ppk
):
    """The English "Share" and "Report" are verbs in other apps ("Bagikan", "Lapor"): the
    evaluation's headings carry their own context."""
    client = client_for(bawaslu_bantul_officer)
    pages = [
        client.get(reverse("insights:dashboard")).content.decode(),
        client.get(reverse("insights:report", args=[CODE])).content.decode(),
    ]
    for page in pages:
        assert ">Persentase<" in page
        assert "Bagikan" not in page
    listing = client.get(reverse("insights:reports")).content.decode()
    assert ">Laporan</th>" in listing and ">Lapor</th>" not in listing
    for table in ("intake_outcomes", "outcomes"):
        response = client.get(reverse("insights:download", args=[table, "csv"]))
        header = b"".join(response.streaming_content).decode().splitlines()[0]
        assert header.endswith("Persentase"), header
        response = client.get(reverse("insights:download", args=[table, "xlsx"]))
        book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        assert next(book.worksheets[0].values)[-1] == "Persentase"


def test_the_summary_names_the_denominator_of_the_follow_up_rate(at_ppk, now):
    """Three recommendations, one followed, one refused, one still in time: 50% of the two
    answered, not of the three (the table's share is of all three)."""
    from django.utils import translation

    from netral.insights.figures import Scope, enforcement

    report = evaluation.build(at_ppk.election, Scope(), now=now)
    with translation.override("id"):
        assert "(belum ada yang ditanggapi atau lewat tenggat)" in evaluation.html(report)
    report.outcomes = enforcement.Outcomes(
        received=3, followed=1, lighter=0, not_followed=1, overdue=0, pending=1, per_ppk=[]
    )
    with translation.override("id"):
        body = evaluation.html(report)
    assert "<strong>3</strong> rekomendasi sanksi" in body
    assert (
        "<strong>50%</strong> rekomendasi yang sudah ditanggapi atau lewat tenggat "
        "ditindaklanjuti (1 dari 2)"
    ) in body
    with translation.override("en"):
        body = evaluation.html(report)
    assert "followed up (1 of 2)" in body


def test_the_annex_writes_numbers_as_numbers_under_whole_word_sheet_names(
    client_for, bawaslu_bantul_officer, at_ppk
):
    response = client_for(bawaslu_bantul_officer).get(
        reverse("insights:report_file", args=[CODE, "xlsx"])
    )
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert "Waktu per tahapan" in book.sheetnames
    assert "Hasil rekomendasi" in book.sheetnames
    assert not any(name.endswith("dibandi") for name in book.sheetnames)
    shares = [row[2] for row in book["Hasil rekomendasi"].iter_rows(min_row=2)]
    assert shares and all(cell.number_format == "0%" for cell in shares if cell.value != "—")
    assert any(isinstance(cell.value, float | int) for cell in shares)
    for row in book["Waktu per tahapan"].iter_rows(min_row=2):
        for cell in row[3:8]:
            assert cell.value == "—" or (
                isinstance(cell.value, float | int) and cell.number_format == "0.0"
            )
