"""netral export-civil-servants FILE.csv|FILE.xlsx: the same columns the importer reads."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from netral.registry import importers


class Command(BaseCommand):
    help = "Writes all civil servants to a CSV or XLSX file that re-imports unchanged."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="output file ending in .csv or .xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = importers.export_civil_servants(options["file"])
        except (importers.FileProblem, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d rows written to %(file)s.") % {"count": count, "file": options["file"]}
            )
        )
