"""netral cases-workflow-doc: prints docs/workflow.md from workflow.py."""

from typing import Any

from django.core.management.base import BaseCommand

from netral.cases import workflow_doc


class Command(BaseCommand):
    help = "Print the case workflow documentation (docs/workflow.md) generated from workflow.py."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(workflow_doc.render(), ending="")
