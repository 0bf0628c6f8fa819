"""New reports wait for their duplicate check in a row of their own; the worker's passes run
them, a batch at a time, each report once, and one failing check stops nothing else."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from netral.reports.models import PendingDuplicateCheck, PossibleDuplicate, Report
from netral.reports.services import duplicate_checks
from netral.reports.tests import factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 10, 10, 9, tzinfo=dt.UTC)


def test_every_waiting_check_runs_once_across_batches(regions, monkeypatch):
    monkeypatch.setattr(duplicate_checks, "BATCH", 2)
    for number in range(5):
        factories.submit(NOW, subject_name=f"Pegawai {number}")
    assert PendingDuplicateCheck.objects.count() == 5
    assert duplicate_checks.check_pending_duplicates(now=timezone.now()) == 5
    assert not PendingDuplicateCheck.objects.exists()
    assert duplicate_checks.check_pending_duplicates(now=timezone.now()) == 0


def test_a_failing_check_is_logged_and_the_others_run(regions, monkeypatch, caplog):
    first = factories.submit(NOW).report
    factories.submit(NOW)  # alike: the same form data
    checked: list[str] = []
    original = duplicate_checks.check_for_duplicates

    def check(*, report: Report, now: dt.datetime) -> int:
        checked.append(report.code)
        if report == first:
            raise RuntimeError("broken report")
        return original(report=report, now=now)

    monkeypatch.setattr(duplicate_checks, "check_for_duplicates", check)
    assert duplicate_checks.check_pending_duplicates(now=timezone.now()) == 2
    assert len(checked) == 2
    assert "The duplicate check of report" in caplog.text
    assert not PendingDuplicateCheck.objects.exists()  # not tried again on every pass
    assert PossibleDuplicate.objects.exclude(report=first).count() == 1


@pytest.mark.django_db(transaction=True)  # the worker closes its connections
def test_the_worker_runs_the_checks_a_report_left_waiting(regions, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    factories.submit(NOW)
    factories.submit(NOW)
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    assert not PendingDuplicateCheck.objects.exists()
    assert PossibleDuplicate.objects.count() == 2  # each names the other
