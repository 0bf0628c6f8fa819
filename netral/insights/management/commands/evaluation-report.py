"""netral evaluation-report <election> [--out DIR] [--language id|en]: writes the post-election
evaluation report (PDF) and its XLSX annex for one election, national figures, in Indonesian
unless told otherwise."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from netral.insights import evaluation, services
from netral.insights.figures import Scope
from netral.insights.models import InsightEvent
from netral.registry.models import Election


class Command(BaseCommand):
    help = "Write the post-election evaluation report (PDF) and its XLSX annex."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("election", help="the election's code (netral registry)")
        parser.add_argument("--out", default=".", help="folder to write into (default: here)")
        parser.add_argument(
            "--language", default="id", choices=["id", "en"], help="the report's language (id)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        election = Election.objects.filter(code=options["election"]).first()
        if election is None:
            raise CommandError(f"No election has the code {options['election']!r}.")
        folder = Path(options["out"])
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        with translation.override(options["language"]):
            self._write(election, folder)

    def _write(self, election: Election, folder: Path) -> None:
        now = timezone.now()
        built = evaluation.build(election, Scope(), now=now)
        stem = folder / f"evaluasi-{election.code}-{timezone.localdate(now).isoformat()}"
        annex = stem.with_name(stem.name + "-lampiran.xlsx")
        evaluation.annex(built, annex)
        document = evaluation.pdf(built)
        if document is None:
            page = stem.with_suffix(".html")
            page.write_text(evaluation.html(built), encoding="utf-8")
            self.stdout.write(f"WeasyPrint is not available: wrote {page} (print it to PDF).")
        else:
            stem.with_suffix(".pdf").write_bytes(document)
            self.stdout.write(f"Wrote {stem.with_suffix('.pdf')}")
        self.stdout.write(f"Wrote {annex}")
        for kind in ("pdf", "xlsx"):
            services.record(
                InsightEvent.Type.REPORT_GENERATED,
                by=None,
                now=now,
                election=election.code,
                format=kind,
            )
