"""The journey: an anonymous tip with a photo, the receipt, the status page, Bawaslu Bantul (and
not Sleman) sees it, the officer asks a question, the reporter answers through the receipt.
Once through the HTML pages and once through the JSON API."""

import datetime as dt
import json
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from netral.reports.models import Report
from netral.reports.tests import factories

pytestmark = pytest.mark.django_db

RECEIPT = re.compile(r"[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}")


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(dt.datetime(2024, 10, 3, 9, 41, tzinfo=dt.UTC), tick=False):
        yield


def _officer_sees(officer, report: Report) -> bool:
    client = Client()
    client.force_login(officer)
    return report.display_code in client.get(reverse("reports:queue")).content.decode()


def _officer_asks(officer, report: Report, question: str) -> None:
    client = Client()
    client.force_login(officer)
    detail = client.get(reverse("reports:staff_detail", args=[report.code]))
    assert "foto-spanduk.jpg" in detail.content.decode()
    url = reverse("reports:request_information", args=[report.code])
    assert client.post(url, {"message": question}).status_code == 303


def test_the_journey_through_the_web_pages(
    regions, jpeg, bawaslu_bantul_officer, bawaslu_sleman_officer
):
    reporter = Client()
    sent = reporter.post(
        reverse("reports:new"),
        {**factories.web_post_data(), "evidence": factories.upload(jpeg, "foto-spanduk.jpg")},
        follow=True,
    )
    receipt = RECEIPT.search(sent.content.decode()).group(0)
    report = Report.objects.get()
    status = reporter.get(reverse("reports:status")).content.decode()
    assert report.display_code in status

    assert _officer_sees(bawaslu_bantul_officer, report)
    assert not _officer_sees(bawaslu_sleman_officer, report)
    _officer_asks(bawaslu_bantul_officer, report, "Di sekolah mana spanduk itu dipasang?")

    # Later, on another device: only the receipt opens the report.
    later = Client()
    later.post(reverse("reports:check"), {"receipt": receipt.lower().replace("-", " ")})
    page = later.get(reverse("reports:status")).content.decode()
    assert "Di sekolah mana spanduk itu dipasang?" in page
    later.post(reverse("reports:reply"), {"body": "SD Negeri 2 Sewon, di pagar depan."})

    report.refresh_from_db()
    assert report.status == Report.Status.RECEIVED
    officer = Client()
    officer.force_login(bawaslu_bantul_officer)
    detail = officer.get(reverse("reports:staff_detail", args=[report.code])).content.decode()
    assert "SD Negeri 2 Sewon, di pagar depan." in detail


def test_the_journey_through_the_api(regions, jpeg, bawaslu_bantul_officer, bawaslu_sleman_officer):
    partner = Client()
    fields = factories.web_post_data()
    data = {
        key: fields[key]
        for key in ("track", "subject_name", "incident_date", "category", "description")
    }
    data |= {"region": "34.02.15", "election_kind": "bupati"}
    sent = partner.post(
        "/api/reports/", {**data, "evidence": factories.upload(jpeg, "foto-spanduk.jpg")}
    )
    assert sent.status_code == 201
    receipt = sent.json()["receipt"]
    report = Report.objects.get()

    def status() -> dict:
        response = partner.post(
            "/api/reports/status", json.dumps({"receipt": receipt}), content_type="application/json"
        )
        assert response.status_code == 200
        return response.json()

    assert status()["reference"] == report.display_code
    assert _officer_sees(bawaslu_bantul_officer, report)
    assert not _officer_sees(bawaslu_sleman_officer, report)
    _officer_asks(bawaslu_bantul_officer, report, "Di sekolah mana spanduk itu dipasang?")

    asked = status()
    assert asked["status"] == "info_requested"
    assert asked["timeline"][-1]["text"] == "Di sekolah mana spanduk itu dipasang?"
    assert asked["timeline"][-1]["organisation"] == "Bawaslu Kabupaten Bantul"
    replied = partner.post(
        "/api/reports/replies", {"receipt": receipt, "body": "SD Negeri 2 Sewon."}
    )
    assert replied.status_code == 201
    assert replied.json()["status"] == "received"
    assert replied.json()["timeline"][-1]["text"] == "SD Negeri 2 Sewon."
