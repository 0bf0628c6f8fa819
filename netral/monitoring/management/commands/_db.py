"""The database subcommands of `netral monitor`: import an export file, export labels."""

import json
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.monitoring import connectors

if TYPE_CHECKING:
    from netral.monitoring.models import ImportRun

BAD_INPUT = 2


def add_parsers(actions: Any) -> None:
    parser = actions.add_parser("import", help=_("import posts and interactions into the queue"))
    parser.add_argument("--election", required=True, help=_("election code"))
    parser.add_argument("--input", required=True, help=_("JSON lines or CSV file"))
    parser.add_argument("--format", choices=sorted(connectors.CONNECTORS), default=None)
    export = actions.add_parser("export-labels", help=_("reviewers' labels as JSON lines"))
    export.add_argument("--output", required=True, help=_("file, - for stdout"))


def import_file(command: BaseCommand, **options: Any) -> None:
    # Imported here, not at the top: `monitor classify` loads this module too, and it runs
    # without any app or model loaded so that it starts fast (docs/performance.md).
    from netral.monitoring import services
    from netral.monitoring.models import ImportRun
    from netral.registry.models import Election

    try:
        election = Election.objects.select_related("region").get(code=options["election"])
    except Election.DoesNotExist:
        message = _("No election with the code %(code)s.") % {"code": options["election"]}
        raise CommandError(message, returncode=BAD_INPUT) from None
    name = options["input"]
    chosen = options["format"]
    connector = connectors.CONNECTORS[chosen]() if chosen else connectors.for_file_name(name)
    now = timezone.now()
    services.sync_candidate_accounts(election=election, now=now)
    try:
        stream = open(name, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        message = _("The input cannot be read: %(error)s") % {"error": exc}
        raise CommandError(message, returncode=BAD_INPUT) from exc
    with stream:
        run = ImportRun.objects.create(
            election=election,
            file_name=name[-200:],
            file_format=connector.name,
            source=_("command line"),
            created_at=now,
        )
        run = services.import_stream(run=run, stream=stream, connector=connector, now=now)
    for problem in run.problems:
        command.stderr.write(_("line %(line)s: %(message)s") % problem)
    command.stdout.write(_summary(run))


def _summary(run: "ImportRun") -> str:
    return _(
        "%(imported)s items imported, %(duplicates)s already there, %(skipped)s rows skipped, "
        "%(flagged)s flagged for review"
    ) % {
        "imported": run.imported,
        "duplicates": run.duplicates,
        "skipped": run.skipped,
        "flagged": run.flagged,
    }


def export_labels(command: BaseCommand, **options: Any) -> None:
    """One JSON line per reviewed item, in the `evaluate` input format plus the reason."""
    from netral.monitoring import detection  # see import_file: kept off the start-up path
    from netral.monitoring.models import LabelledExample

    examples = LabelledExample.objects.select_related("finding__item").order_by("labelled_at", "pk")
    lines = []
    for example in examples.iterator():
        item = example.finding.item
        record = {
            "id": str(example.finding.public_id),
            "kind": detection.detector_kind(item.kind),
            "interaction": item.kind,
            "platform": item.platform,
            "author": item.author,
            "text": item.text,
            "shared_text": item.shared_text,
            "shared_author": item.shared_author,
            "posted_at": item.posted_at.isoformat() if item.posted_at else None,
            "label": example.label,
            "reason": example.reason,
            "sha256": item.sha256,
        }
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    if options["output"] == "-":
        command.stdout.write("".join(lines), ending="")
        return
    with open(options["output"], "w", encoding="utf-8") as handle:
        handle.write("".join(lines))
    command.stderr.write(_("%(count)s labelled items written") % {"count": len(lines)})
