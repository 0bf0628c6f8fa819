"""`netral demo-data`: the seeded demo data set, and the logins it prints."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from netral.demo import services, staff


class Command(BaseCommand):
    help = "Creates or refreshes the demo data set (safe to rerun; same seed, same data)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--civil-servants", type=int, default=5000)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = services.build_demo_data(
                seed=options["seed"],
                civil_servants=options["civil_servants"],
                now=timezone.now(),
                progress=lambda message: self.stdout.write(f"  … {message}"),
            )
        except services.DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {summary.agencies} agencies, {summary.civil_servants} civil servants, "
                f"{summary.social_accounts} social accounts, {len(summary.elections)} elections, "
                f"{summary.reports} new public reports."
            )
        )
        self.stdout.write(f"\nDemo logins (password for all: {staff.DEMO_PASSWORD}):")
        for username, organisation, role in summary.logins:
            self.stdout.write(f"  {username:<20} {role:<11} {organisation}")
