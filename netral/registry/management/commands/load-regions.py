"""netral load-regions [FILE]: loads or updates every Kepmendagri region code."""

import time

from django.core.management.base import BaseCommand, CommandError

from netral.registry import services
from netral.registry.models import Region


class Command(BaseCommand):
    help = "Loads or updates all regions (Kepmendagri 2025 by default); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            default=str(services.regions.REGION_FILE),
            help="CSV (or .csv.gz) with kode,nama,tingkat; default: the shipped Kepmendagri 2025.",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            rows = services.read_region_file(options["file"])
            result = services.load_regions(rows=rows)
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for level, label in Region.Level.choices:
            self.stdout.write(
                f"{label}: {result.total(level)} "
                f"(+{result.created[level]} new, {result.updated[level]} updated)"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Regions loaded in {time.monotonic() - started:.1f} s.")
        )
