"""netral verify-timeline [CASE_CODE]: checks the hash chain of one case or of all cases."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from netral.cases import timeline
from netral.cases.models import Case

REASONS = {
    "missing": "an event is missing",
    "link": "the link to the previous event is broken (events removed or reordered)",
    "content": "the event's content was changed after it was written",
    "truncated": "events are missing at the end of the timeline",
}


class Command(BaseCommand):
    help = "Check the hash chain of case timelines; exits with status 1 at the first break found."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case_code", nargs="?", help="one case (default: every case)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        code = options["case_code"]
        if code:
            case = Case.objects.filter(code=code.strip().upper()).first()
            if case is None:
                raise CommandError(f"No case with code {code}.")
            breaks = [b for b in [timeline.verify_case(case)] if b is not None]
            checked = 1
        else:
            breaks = list(timeline.verify_all())
            checked = Case.objects.count()
        for found in breaks:
            self.stderr.write(
                f"{found.case_code}: broken at event #{found.seq}: {REASONS[found.reason]}."
            )
        elapsed = time.monotonic() - started
        if breaks:
            raise CommandError(f"{len(breaks)} of {checked} case timelines are broken.")
        self.stdout.write(f"{checked} case timelines intact ({elapsed:.1f} s).")
