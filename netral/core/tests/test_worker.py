"""The task worker survives a lost connection; `netral check-queue` reports a stalled queue."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.utils import OperationalError
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from netral.core import worker
from netral.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


@task
def add(a: int, b: int) -> int:
    return a + b


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)  # the worker closes its connections, as in production
def test_the_worker_goes_on_after_the_database_connection_is_lost(database_tasks, monkeypatch):
    result = add.enqueue(2, 3)
    original = DBTaskResultQuerySet.get_locked
    failures = iter([OperationalError("server closed the connection unexpectedly")])

    def get_locked(self):
        for problem in failures:
            raise problem
        return original(self)

    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        assert len(waits) < 5, "the worker keeps failing after reconnecting"

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)
    monkeypatch.setattr(worker.time, "sleep", sleep)
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    assert DBTaskResult.objects.get(id=result.id).return_value == 5
    assert waits == [1.0]  # one pause before reconnecting, then the batch ran
    assert WorkerHeartbeat.objects.count() == 1


def test_without_the_netral_worker_the_same_loss_kills_the_library_worker(
    database_tasks, monkeypatch
):
    add.enqueue(2, 3)

    def get_locked(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)
    with pytest.raises(OperationalError):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_a_healthy_queue(database_tasks):
    worker.beat("w1", now=timezone.now())
    out = io.StringIO()
    call_command("check-queue", stdout=out)
    assert out.getvalue().startswith("Task queue healthy: 0 ready")


def test_a_queue_without_a_worker_is_stalled(database_tasks):
    with pytest.raises(CommandError, match="no worker has ever reported"):
        call_command("check-queue")


def test_an_old_ready_task_and_a_silent_worker_are_reported(database_tasks):
    now = timezone.now()
    result = add.enqueue(1, 1)
    DBTaskResult.objects.filter(id=result.id).update(enqueued_at=now - dt.timedelta(minutes=30))
    worker.beat("w1", now=now - dt.timedelta(minutes=20))
    with pytest.raises(CommandError) as failure:
        call_command("check-queue", "--minutes", "10")
    assert "oldest ready task has waited 30 min (1 waiting)" in str(failure.value)
    assert "no worker heartbeat for 20 min" in str(failure.value)


PASSES: list[dt.datetime] = []


def record_pass(*, now: dt.datetime) -> int:
    PASSES.append(now)
    return 1


@pytest.mark.django_db(transaction=True)  # the worker closes its connections
def test_each_pass_of_the_worker_finishes_the_configured_pending_work(database_tasks, settings):
    settings.NETRAL_WORKER_PASSES = [f"{__name__}.record_pass"]
    PASSES.clear()
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(PASSES) == 1
    assert worker.finish_pending_work() == 1


def broken_pass(*, now: dt.datetime) -> int:
    raise ValueError("a bug in a pass")


def lost_connection_pass(*, now: dt.datetime) -> int:
    raise OperationalError("server closed the connection unexpectedly")


def test_a_failing_pass_is_logged_and_the_other_passes_run(settings, caplog):
    settings.NETRAL_WORKER_PASSES = [f"{__name__}.broken_pass", f"{__name__}.record_pass"]
    PASSES.clear()
    assert worker.finish_pending_work() == 1
    assert len(PASSES) == 1
    assert "broken_pass failed: ValueError" in caplog.text


def test_a_pass_that_loses_the_connection_goes_to_the_reconnect(settings):
    settings.NETRAL_WORKER_PASSES = [f"{__name__}.lost_connection_pass"]
    with pytest.raises(OperationalError):
        worker.finish_pending_work()
