"""`netral check-queue`: exits 1 when the task queue is stalled, for cron, systemd or a monitor.

Stalled means the oldest ready task has waited longer than `--minutes` (default 10), or no
`netral worker` has written a heartbeat for as long. Prints one line either way.
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from netral.core import worker


class Command(BaseCommand):
    help = "Reports a stalled task queue (old ready tasks, no worker heartbeat); exit code 1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=10, help="stalled after (default 10)")

    def handle(self, *args: Any, minutes: int, **options: Any) -> None:
        now = timezone.now()
        health = worker.queue_health(now=now)
        problems = health.problems(now=now, stalled_after=dt.timedelta(minutes=minutes))
        if problems:
            raise CommandError("Task queue stalled: " + "; ".join(problems) + ".")
        wait = int(health.oldest_wait.total_seconds()) if health.oldest_wait else 0
        self.stdout.write(f"Task queue healthy: {health.ready} ready, oldest waiting {wait} s.")
