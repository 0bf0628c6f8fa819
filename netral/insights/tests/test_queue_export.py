"""The case queue downloaded as filtered (CSV, XLSX), within the reader's access, and the
queue's period filter."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from netral.cases.tests.conftest import NOW
from netral.insights.models import InsightEvent

pytestmark = pytest.mark.django_db
QUEUE = reverse("cases:queue")


def _csv(response) -> list[str]:
    return b"".join(response.streaming_content).decode().lstrip("\ufeff").splitlines()


@pytest.fixture
def two_cases(open_case):
    """One case received at NOW, one ten days later."""
    first = open_case(title="Pertama")
    second = open_case(title="Kedua", at=NOW + dt.timedelta(days=10))
    return first, second


def test_the_queue_downloads_as_filtered_and_records_it(
    client_for, bawaslu_bantul_officer, two_cases
):
    client = client_for(bawaslu_bantul_officer)
    page = client.get(QUEUE, {"scope": "all"}).content.decode()
    assert reverse("insights:queue_export", args=["csv"]) + "?scope=all" in page
    url = reverse("insights:queue_export", args=["csv"])
    lines = _csv(client.get(url, {"scope": "all"}))
    assert len(lines) == 3 and "Pertama" in "".join(lines) and "Kedua" in "".join(lines)
    day = (NOW + dt.timedelta(days=5)).date().isoformat()
    lines = _csv(client.get(url, {"scope": "all", "received_from": day}))
    assert len(lines) == 2 and "Kedua" in lines[1]
    response = client.get(reverse("insights:queue_export", args=["xlsx"]), {"q": "Pertama"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert len(rows) == 2 and rows[1][1] == "Pertama" and rows[1][7].startswith("20")
    events = InsightEvent.objects.order_by("pk")
    assert [(e.payload["table"], e.payload["format"], e.payload["rows"]) for e in events] == [
        ("queue", "csv", 2),
        ("queue", "csv", 1),
        ("queue", "xlsx", 1),
    ]
    assert events[1].payload["scope"] == {"scope": "all", "received_from": day}


def test_the_download_holds_only_cases_the_reader_may_see(
    client_for, bawaslu_sleman_officer, two_cases
):
    url = reverse("insights:queue_export", args=["csv"])
    lines = _csv(client_for(bawaslu_sleman_officer).get(url, {"scope": "all", "closed": "on"}))
    assert len(lines) == 1  # the heading only: the Bantul cases are not Sleman's


def test_download_refusals_and_bad_filters(client_for, bawaslu_bantul_officer, django_user_model):
    outsider = django_user_model.objects.create_user("warga", password="x")
    url = reverse("insights:queue_export", args=["csv"])
    assert client_for(outsider).get(url).status_code == 403
    client = client_for(bawaslu_bantul_officer)
    assert client.get(reverse("insights:queue_export", args=["pdf"])).status_code == 404
    wrong = client.get(url, {"received_from": "2024-12-01", "received_to": "2024-11-01"})
    assert wrong.status_code == 302 and wrong["Location"].startswith(QUEUE)
    assert not InsightEvent.objects.exists()


def test_the_queue_filters_on_the_period_and_says_when_it_is_impossible(
    client_for, bawaslu_bantul_officer, two_cases
):
    client = client_for(bawaslu_bantul_officer)
    until = (NOW + dt.timedelta(days=5)).date().isoformat()
    body = client.get(QUEUE, {"received_to": until}).content.decode()
    assert "Pertama" in body and "Kedua" not in body
    body = client.get(QUEUE, {"received_from": "2024-12-01", "received_to": "2024-11-01"})
    assert "The period ends before it starts." in body.content.decode() or (
        "Periode berakhir sebelum dimulai." in body.content.decode()
    )


def test_a_count_filtered_by_period_links_to_the_cases_of_that_period():
    from netral.insights import tables
    from netral.insights.figures import Scope

    link = tables.case_list(Scope(region="34.02", date_from=dt.date(2024, 11, 1)), state="received")
    assert "received_from=2024-11-01" in link and "received_to" not in link
    assert "region=34.02" in link and "state=received" in link
