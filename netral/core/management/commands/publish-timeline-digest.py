"""netral publish-timeline-digest [--out FILE]: signs every timeline head now and keeps it.

Run it periodically (docs/deployment.md); hand the file, or the printed lines, to someone who
keeps them outside the database. `netral verify-timeline --against FILE` checks them later.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from netral.core import timeline


class Command(BaseCommand):
    help = "Publish a signed digest of every timeline's head (kept, and optionally written out)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", metavar="FILE", help="also write the digest to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        digest = timeline.publish_digest(now=timezone.now())
        if options["out"]:
            Path(options["out"]).write_text(json.dumps(digest.as_file()), encoding="utf-8")
        for line in timeline.printable(digest.as_file()):
            self.stdout.write(line)
