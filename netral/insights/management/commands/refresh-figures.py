"""netral refresh-figures: recounts the stored evaluation and public figures (decision 0100)
and the daily rows of the days that changed (decision 0170); run it after loading data, and
every hour from a timer (docs/deployment.md). `--all-days` deletes the daily rows and recounts
every day (after cases were deleted or moved without an event); it skips the days when another
refresh is running."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from netral.insights import services


class Command(BaseCommand):
    help = "Recount the stored evaluation figures (dashboards and public pages)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all-days", action="store_true", help="recount every day's rows, not only changed"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        now = timezone.now()
        if options["all_days"]:
            rows = services.refresh_days(now=now, full=True)
            self.stdout.write(f"{rows} daily rows stored in {time.monotonic() - started:.1f} s")
            started = time.monotonic()
        rows = services.refresh_figures(now=now)
        self.stdout.write(f"{rows} figures stored in {time.monotonic() - started:.1f} s")
