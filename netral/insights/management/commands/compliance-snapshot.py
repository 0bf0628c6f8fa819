"""netral compliance-snapshot [--month YYYY-MM] [--months N]: keeps the monthly compliance
figures per agency and per region (docs/insights.md); run monthly, or let the task do it."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from netral.insights import snapshots


class Command(BaseCommand):
    help = "Compute the monthly compliance snapshot (default: the month that just ended)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="the month to compute, as YYYY-MM")
        parser.add_argument(
            "--months", type=int, default=1, help="also the N-1 months before it (backfill)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["month"]:
            try:
                day = dt.date.fromisoformat(options["month"] + "-01")
            except ValueError:
                raise CommandError("--month takes YYYY-MM, e.g. 2024-11.") from None
        else:
            day = timezone.localdate(now).replace(day=1) - dt.timedelta(days=1)
        if not 1 <= options["months"] <= 120:
            raise CommandError("--months takes 1 to 120.")
        for _ in range(options["months"]):
            rows = snapshots.compute_month(day, now=now)
            self.stdout.write(f"{day:%Y-%m}: {rows} rows")
            day = day.replace(day=1) - dt.timedelta(days=1)
