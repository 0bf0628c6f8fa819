"""netral sweep-deadlines [--loop SECONDS]: marks missed deadlines and escalates them.

Safe to run on several machines at once. With --loop it runs until stopped, in the style of a
Healthchecks `sendalerts` worker; otherwise once (for cron or the task worker).
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from netral.cases import services


class Command(BaseCommand):
    help = "Mark open steps whose deadline has passed as missed, notify and escalate."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop", type=int, metavar="SECONDS", help="sweep again every SECONDS until stopped"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pause = options["loop"]
        while True:
            started = time.monotonic()
            flipped = services.mark_overdue_steps(now=timezone.now())
            took = time.monotonic() - started
            self.stdout.write(f"{flipped} missed deadlines recorded ({took:.1f} s).")
            if not pause:
                return
            try:
                time.sleep(max(1, pause))
            except KeyboardInterrupt:
                return
