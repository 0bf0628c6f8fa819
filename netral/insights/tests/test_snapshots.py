"""The monthly snapshot against a hand count, its command, its task, and the trends page."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from netral.cases.tests.conftest import NOW
from netral.insights import snapshots, tasks
from netral.insights.models import ComplianceSnapshot, InsightEvent

pytestmark = pytest.mark.django_db
OCTOBER = dt.date(2024, 10, 1)


def _row(**where):
    return ComplianceSnapshot.objects.get(month=OCTOBER, **where)


def test_a_month_counts_cases_violations_outcomes_and_headcount(at_ppk, disdik_bantul, open_case):
    open_case(title="Kedua")  # a second case, no recommendation
    open_case(title="November", at=NOW + dt.timedelta(days=31))  # another month
    rows = snapshots.compute_month(dt.date(2024, 10, 20), now=NOW)
    assert rows == 4  # the agency, the province, the regency, the country
    agency = _row(kind="agency", agency=disdik_bantul)
    assert (agency.cases, agency.violations, agency.recommendations, agency.pending) == (2, 1, 1, 1)
    assert (agency.followed, agency.headcount, agency.per_thousand) == (0, 1, 1000.0)
    assert _row(kind="region", region_code="34").cases == 2
    assert _row(kind="region", region_code="34.02").violations == 1
    assert _row(kind="region", region_code="").cases == 2
    assert agency.decision_days == 0.0  # decided the day it was received
    # Recomputing replaces the month's rows and leaves one event per run.
    snapshots.compute_month(OCTOBER, now=NOW)
    assert ComplianceSnapshot.objects.filter(month=OCTOBER).count() == 4
    assert InsightEvent.objects.filter(type="snapshot_computed").count() == 2


def test_an_empty_month_keeps_no_row(regions):
    assert snapshots.compute_month(dt.date(2030, 1, 1), now=NOW) == 0


def test_the_command_and_the_task(at_ppk, capsys):
    call_command("compliance-snapshot", "--month", "2024-10", "--months", "2")
    assert "2024-10: 4 rows" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("compliance-snapshot", "--month", "oktober")
    assert tasks.compute_monthly_snapshot.call(month="2024-10-05") == 4


def test_the_trends_page(client_for, bawaslu_bantul_officer, ppk_officer, at_ppk):
    snapshots.compute_month(OCTOBER, now=NOW)
    client = client_for(bawaslu_bantul_officer)
    body = client.get(reverse("insights:trends")).content.decode()
    assert "2024-10" in body and 'id="table-trend"' in body
    chart = client.get(reverse("insights:chart", args=["trend"]))
    assert chart.status_code == 200 and b"2024-10" in chart.content
    download = client.get(reverse("insights:download", args=["trend", "csv"]))
    assert "2024-10" in b"".join(download.streaming_content).decode()
    assert client.get(reverse("insights:trends"), {"region": "34.04"}).status_code == 403
    empty = client.get(reverse("insights:trends"), {"region": "34.02.15"}).content.decode()
    assert "empty-state" in empty
    ppk = client_for(ppk_officer)
    assert ppk.get(reverse("insights:trends")).status_code == 403
    assert ppk.get(reverse("insights:chart", args=["trend"])).status_code == 403
