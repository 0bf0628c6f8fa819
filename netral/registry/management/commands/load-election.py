"""netral load-election FILE.yaml [FILE.yaml …]: creates or updates elections from files."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from netral.registry import election_file
from netral.registry import services as registry_services


class Command(BaseCommand):
    help = "Loads election files (format: docs/elections.md); loading again changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="election YAML files")

    def handle(self, *args: Any, **options: Any) -> None:
        for path in options["files"]:
            try:
                election = registry_services.load_election_file(path)
            except election_file.ElectionFileError as exc:
                raise CommandError("\n".join(exc.problems)) from exc
            except ValidationError as exc:
                raise CommandError(f"{path}: " + " ".join(exc.messages)) from exc
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(name)s: %(stages)d stages, %(candidates)d candidate pairs.")
                    % {
                        "name": election.name,
                        "stages": election.stages.count(),
                        "candidates": election.candidates.count(),
                    }
                )
            )
