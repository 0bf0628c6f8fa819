"""A task worker that survives a lost database connection, and the health of the queue.

django-tasks-db's worker exits on any `OperationalError` other than a locked SQLite file, so a
database restart, a failover or `pg_terminate_backend` stopped e-mails and sweeps silently (about
one in fourteen terminations hit `get_locked`). `ResilientWorker` runs the library's loop in
batches and, when the connection fails, drops every connection, waits (1 s, doubling up to 30 s)
and goes on. Each pass writes a `WorkerHeartbeat`, which `netral check-queue` reads, and finishes
the work requests leave waiting outside the queue (`NETRAL_WORKER_PASSES`).
"""

import contextlib
import datetime as dt
import logging
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max

from netral.core.dberrors import DATABASE_UNAVAILABLE, ends_the_pass
from netral.core.models import WorkerHeartbeat

logger = logging.getLogger("netral.worker")

HEARTBEAT_SECONDS = 15
_MAX_BACKOFF = 30.0
# A worker's row is forgotten a day after it last showed itself.
_FORGET_AFTER = dt.timedelta(days=1)


def beat(worker_id: str, *, now: dt.datetime) -> None:
    """Records that this worker is alive; drops rows of workers gone for a day."""
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"seen_at": now})
    WorkerHeartbeat.objects.filter(seen_at__lt=now - _FORGET_AFTER).delete()


def _drop_connections() -> None:
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(Exception):  # a dead connection may fail to close: it is gone
            connection.close()


def finish_pending_work() -> int:
    """Runs each of `NETRAL_WORKER_PASSES`: work a request left waiting in a table of its own
    rather than as a task (decision 0185); returns how much was done. Each pass does a bounded
    amount, so the queue's tasks and the heartbeat never wait behind a backlog. A lost
    connection goes to the worker's reconnect; any other failure of a pass is logged and the
    other passes and the queue go on."""
    now = timezone.now()
    done = 0
    for path in settings.NETRAL_WORKER_PASSES:
        try:
            done += import_string(path)(now=now)
        except Exception as error:
            if ends_the_pass(error):
                raise
            logger.error("Worker pass %s failed: %s", path, type(error).__name__)
    return done


class ResilientWorker(Worker):
    """The library's worker, restarted in place after a database error."""

    def __init__(self, **kwargs: Any) -> None:
        self.until_empty = kwargs.pop("batch")
        super().__init__(batch=True, **kwargs)
        self._last_beat = 0.0

    def run(self) -> None:
        logger.info("Netral worker %s started (queues %s).", self.worker_id, self.queue_names)
        backoff = 1.0
        while self.running:
            try:
                self._beat()
                close_old_connections()  # checked after a sleep of a second or more (0198)
                finish_pending_work()
                super().run()  # one batch: every ready task, then back here
                backoff = 1.0
            except DATABASE_UNAVAILABLE as problem:
                logger.warning(
                    "Database connection lost (%s); reconnecting in %.0f s.",
                    type(problem).__name__,
                    backoff,
                )
                _drop_connections()
                time.sleep(backoff)
                backoff = min(backoff * 2, _MAX_BACKOFF)
                continue
            self.startup_delay = False
            if self.until_empty or self._done():
                return
            time.sleep(self.interval)

    def _done(self) -> bool:
        return self.max_tasks is not None and self._run_tasks >= self.max_tasks

    def _beat(self) -> None:
        if time.monotonic() - self._last_beat >= HEARTBEAT_SECONDS:
            beat(self.worker_id, now=timezone.now())
            self._last_beat = time.monotonic()


@dataclass(frozen=True)
class QueueHealth:
    """What `netral check-queue` reports: the waiting tasks and the last sign of a worker."""

    ready: int
    oldest_wait: dt.timedelta | None
    last_heartbeat: dt.datetime | None

    def problems(self, *, now: dt.datetime, stalled_after: dt.timedelta) -> list[str]:
        found = []
        if self.oldest_wait is not None and self.oldest_wait > stalled_after:
            minutes = int(self.oldest_wait.total_seconds() // 60)
            found.append(f"the oldest ready task has waited {minutes} min ({self.ready} waiting)")
        if self.last_heartbeat is None:
            found.append("no worker has ever reported (is `netral worker` running?)")
        elif now - self.last_heartbeat > stalled_after:
            minutes = int((now - self.last_heartbeat).total_seconds() // 60)
            found.append(f"no worker heartbeat for {minutes} min")
        return found


def queue_health(*, now: dt.datetime) -> QueueHealth:
    """The number of ready tasks, how long the oldest has waited, and the latest heartbeat."""
    ready = DBTaskResult.objects.ready()
    unscheduled = ready.filter(run_after=get_date_max()).order_by("enqueued_at").first()
    scheduled = ready.exclude(run_after=get_date_max()).order_by("run_after").first()
    since = [
        moment
        for moment in (
            unscheduled.enqueued_at if unscheduled else None,
            scheduled.run_after if scheduled else None,
        )
        if moment is not None
    ]
    latest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    return QueueHealth(
        ready=ready.count(),
        oldest_wait=now - min(since) if since else None,
        last_heartbeat=latest,
    )
