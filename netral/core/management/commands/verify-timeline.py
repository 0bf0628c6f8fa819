"""netral verify-timeline [CASE_CODE] [--against DIGEST]: checks every keyed hash chain.

Without a case code it checks every registered timeline (cases, reports, findings); with
`--against` it also checks that the history anchored by a published digest is still the same.
"""

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from netral.core import timeline


class Command(BaseCommand):
    help = (
        "Check the keyed hash chains of every timeline, optionally against a published digest; "
        "exits with status 1 when any is broken."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case_code", nargs="?", help="one case (default: every timeline)")
        parser.add_argument(
            "--against",
            metavar="DIGEST",
            help="a digest file from `netral publish-timeline-digest` or the staff download",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if options["case_code"]:
            breaks, checked = self._one_case(options["case_code"]), "1 case timeline"
        elif options["against"]:
            breaks, checked = self._against(Path(options["against"])), "every timeline"
        else:
            breaks, checked = list(timeline.verify_all()), "every timeline"
        for found in breaks:
            self.stderr.write(
                f"{found.chain} {found.scope}: broken at event #{found.seq}: "
                f"{timeline.REASONS[found.reason]}."
            )
        if breaks:
            raise CommandError(f"{len(breaks)} timelines are broken.")
        elapsed = time.monotonic() - started
        if options["case_code"]:
            self.stdout.write(f"1 case timelines intact ({elapsed:.1f} s).")
        else:
            self.stdout.write(f"{checked.capitalize()} intact ({elapsed:.1f} s).")

    def _one_case(self, code: str) -> list[timeline.Break]:
        verify_one = timeline.CHAINS["cases"].verify_one
        try:
            found = verify_one(code) if verify_one else None
        except LookupError:
            raise CommandError(f"No case with code {code}.") from None
        return [found] if found is not None else []

    def _against(self, path: Path) -> list[timeline.Break]:
        try:
            digest = json.loads(path.read_text(encoding="utf-8"))
            found = timeline.verify_against(digest)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot use {path} as a digest: {error}.") from None
        for line in timeline.printable(digest):
            self.stdout.write(line)
        return found
