"""What the export commands share: the argument, the error message, the summary line."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from netral.registry import importers


class ExportCommand(BaseCommand):
    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="output file ending in .csv or .xlsx")

    def export(self, path: str) -> int:
        """Writes the table to `path` in the import format; returns how many rows were written."""
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = self.export(options["file"])
        except (importers.FileProblem, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d rows written to %(file)s.") % {"count": count, "file": options["file"]}
            )
        )
