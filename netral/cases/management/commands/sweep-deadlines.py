"""netral sweep-deadlines [--loop SECONDS] [--now MOMENT]: records missed deadlines, escalates.

Safe to run on several machines at once. With --loop it runs until stopped, in the style of a
Healthchecks `sendalerts` worker; otherwise once (for cron or the task worker). --now sweeps as if
it were a later moment, to rehearse escalation in the demo or a training drill; it is refused in
production, where a moved clock would record deadlines as missed before they are.
"""

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from netral.cases import services


def parse_moment(text: str) -> dt.datetime:
    """A date (taken as the end of that day, local time) or a date and time, made aware."""
    try:  # a bare date first: parse_datetime would read it as midnight
        day = parse_date(text)
        moment = dt.datetime.combine(day, dt.time(23, 59)) if day else parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None:
        raise CommandError(f"--now: '{text}' is not a date (YYYY-MM-DD) or date and time.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = "Mark open steps whose deadline has passed as missed, notify and escalate."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--loop", type=int, metavar="SECONDS", help="sweep again every SECONDS until stopped"
        )
        parser.add_argument(
            "--now",
            metavar="MOMENT",
            help="sweep as if it were this date or date and time (demo and drills only)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pause, moved = options["loop"], options["now"]
        if moved and settings.MODE == "production":
            raise CommandError("--now is for the demo and drills; it is refused in production.")
        if moved and pause:
            raise CommandError("--now sweeps once; it cannot be combined with --loop.")
        while True:
            started = time.monotonic()
            now = parse_moment(moved) if moved else timezone.now()
            flipped = services.mark_overdue_steps(now=now)
            took = time.monotonic() - started
            self.stdout.write(f"{flipped} missed deadlines recorded ({took:.1f} s).")
            if not pause:
                return
            try:
                time.sleep(max(1, pause))
            except KeyboardInterrupt:
                return
