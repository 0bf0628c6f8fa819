"""What the import commands share: reading, the progress bar, the row-level report."""

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from netral.registry import importers
from netral.registry.services.rows import UpsertResult

SHOWN_PROBLEMS = 200


class ImportCommand(BaseCommand):
    table_format: importers.TableFormat

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or XLSX file (see docs/data.md)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row and count, write nothing"
        )
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="import the valid rows even if others have problems (default: all or nothing)",
        )
        parser.add_argument("--report", help="also write every problem to this CSV file")

    def upsert(self, **arguments: Any) -> UpsertResult:
        """Calls the upsert service with `arguments`: rows, valid_only, dry_run, progress."""
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            table = importers.read_table(options["file"], self.table_format)
        except importers.FileProblem as exc:
            raise CommandError(str(exc)) from exc
        for note in table.notes:
            self.stdout.write(self.style.WARNING(note))
        quiet = options["verbosity"] == 0
        with tqdm(total=len(table.rows), unit=_("rows"), disable=quiet, file=self.stderr) as bar:
            result = self.upsert(
                rows=table.rows,
                valid_only=options["valid_only"],
                dry_run=options["dry_run"],
                progress=bar.update,
            )
        result.problems[:0] = table.problems
        self._report(table, result, options)

    def _report(
        self, table: importers.Table, result: UpsertResult, options: dict[str, Any]
    ) -> None:
        for problem in result.problems[:SHOWN_PROBLEMS]:
            self.stdout.write(
                _("Row %(row)d, column %(column)s: %(message)s")
                % {
                    "row": problem.row,
                    "column": table.column_name(problem.column) or "-",
                    "message": problem.message,
                }
            )
        if len(result.problems) > SHOWN_PROBLEMS:
            self.stdout.write(
                _("… and %(count)d more problems.")
                % {"count": len(result.problems) - SHOWN_PROBLEMS}
            )
        if options.get("report"):
            self._write_report(Path(options["report"]), table, result)
        summary = _(
            "%(total)d rows: %(created)d new, %(updated)d updated, %(unchanged)d unchanged, "
            "%(invalid)d with problems."
        ) % {
            "total": result.total,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "invalid": result.invalid_rows,
        }
        if result.dry_run:
            self.stdout.write(summary + " " + _("Dry run: nothing was written."))
        elif result.written:
            self.stdout.write(self.style.SUCCESS(summary))
        if result.problems and not options["valid_only"]:
            raise CommandError(
                _(
                    "Nothing was imported: %(count)d rows have problems. Correct them, or use "
                    "--valid-only to import only the valid rows."
                )
                % {"count": result.invalid_rows}
            )

    def _write_report(self, path: Path, table: importers.Table, result: UpsertResult) -> None:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([_("row"), _("column"), _("problem")])
            for problem in result.problems:
                writer.writerow([problem.row, table.column_name(problem.column), problem.message])

    @staticmethod
    def today() -> Any:
        return timezone.localdate()
