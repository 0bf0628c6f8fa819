"""netral load-regions [FILE]: loads or updates every Kepmendagri region code."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from netral.registry import services
from netral.registry.models import Region


class Command(BaseCommand):
    help = "Loads or updates all regions (Kepmendagri 2025 by default); safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            default=str(services.regions.REGION_FILE),
            help="CSV (or .csv.gz) with kode,nama,tingkat; default: the shipped Kepmendagri 2025.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            rows = services.read_region_file(options["file"])
            result = services.load_regions(rows=rows)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for level, label in Region.Level.choices:
            self.stdout.write(
                _("%(level)s: %(total)d (%(created)d new, %(updated)d updated)")
                % {
                    "level": label,
                    "total": result.total(level),
                    "created": result.created[level],
                    "updated": result.updated[level],
                }
            )
        seconds = round(time.monotonic() - started, 1)
        self.stdout.write(
            self.style.SUCCESS(_("Regions loaded in %(seconds)s s.") % {"seconds": seconds})
        )
