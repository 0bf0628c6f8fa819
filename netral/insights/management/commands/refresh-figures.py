"""netral refresh-figures: recounts the stored evaluation and public figures (decision 0100);
run it after loading data, and every hour from a timer (docs/deployment.md)."""

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from netral.insights import services


class Command(BaseCommand):
    help = "Recount the stored evaluation figures (dashboards and public pages)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        rows = services.refresh_figures(now=timezone.now())
        self.stdout.write(f"{rows} figures stored in {time.monotonic() - started:.1f} s")
