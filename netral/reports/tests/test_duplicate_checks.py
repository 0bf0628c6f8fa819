"""New reports wait for their duplicate check in a row of their own; the worker's passes run
them, a batch at a time, each report once, and one failing check stops nothing else."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone

from netral.reports.models import PendingDuplicateCheck, PossibleDuplicate, Report
from netral.reports.services import duplicate_checks
from netral.reports.tests import factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 10, 10, 9, tzinfo=dt.UTC)


def _counting(monkeypatch) -> list[str]:
    checked: list[str] = []
    original = duplicate_checks.check_for_duplicates

    def check(*, report: Report, now: dt.datetime) -> int:
        checked.append(report.code)
        return original(report=report, now=now)

    monkeypatch.setattr(duplicate_checks, "check_for_duplicates", check)
    return checked


def test_every_waiting_check_runs_once_a_bounded_number_per_pass(regions, monkeypatch):
    monkeypatch.setattr(duplicate_checks, "BATCH", 2)
    monkeypatch.setattr(duplicate_checks, "BATCHES_PER_PASS", 2)
    checked = _counting(monkeypatch)
    codes = [factories.submit(NOW, subject_name=f"Pegawai {n}").report.code for n in range(5)]
    assert PendingDuplicateCheck.objects.count() == 5
    assert duplicate_checks.check_pending_duplicates(now=timezone.now()) == 4  # two batches
    assert duplicate_checks.check_pending_duplicates(now=timezone.now()) == 1
    assert sorted(checked) == sorted(codes)
    assert not PendingDuplicateCheck.objects.exists()
    assert duplicate_checks.check_pending_duplicates(now=timezone.now()) == 0


def test_a_lost_connection_ends_the_batch_and_the_checks_stay_waiting(regions, monkeypatch):
    factories.submit(NOW)

    def check(*, report: Report, now: dt.datetime) -> int:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(duplicate_checks, "check_for_duplicates", check)
    with pytest.raises(OperationalError):
        duplicate_checks.check_pending_duplicates(now=timezone.now())
    assert PendingDuplicateCheck.objects.count() == 1  # the worker reconnects and tries again


def test_a_check_queued_before_the_pending_rows_still_runs(regions):
    """Task rows of `check_duplicates` written before decision 0185 still do their work."""
    from netral.reports import tasks

    factories.submit(NOW)
    second = factories.submit(NOW).report
    assert tasks.check_duplicates.call(second.code) == 1


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
    assert "A report's duplicate check failed: RuntimeError" in caplog.text
    assert first.code not in caplog.text  # the code, logged at once, would date the report
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
