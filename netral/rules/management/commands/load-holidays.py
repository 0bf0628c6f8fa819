"""`netral load-holidays`: adds the shipped national holidays and cuti bersama to the table."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from netral.rules import services


class Command(BaseCommand):
    help = (
        "Adds the national holidays and cuti bersama shipped in netral/rules/data/holidays.yaml. "
        "Days already in the table are kept (administrators may have corrected them) unless "
        "--overwrite is given. Verify every year against the signed SKB."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace days already in the table."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        created, updated = services.load_holidays(overwrite=options["overwrite"])
        self.stdout.write(f"Holidays: {created} added, {updated} replaced.")
