"""netral requeue-evidence [--here]: finds evidence images the task worker has not checked yet
(decision 0180) and queues their check again, or with --here checks them in this process.

A submission queues the check after its commit; if the queue refused it (the database queue
down at that moment) or a worker died mid-check, the image stays `pending` and staff see "being
checked". Run this from the hourly timer that runs `cleanup_report_drafts`; a check queued twice
settles each image once.

It also forgets the queue rows of finished intake tasks (evidence checks, and duplicate checks
queued before decision 0185), and of ones still running an hour after they started (their worker
died): each names a report and carries the second it was queued, finer than the hour a report
keeps. Images a queued task still waits for are not queued again.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from netral.reports import services


class Command(BaseCommand):
    help = (
        "Queues the worker's check of evidence images left unchecked (or checks them here), "
        "and forgets finished or stalled intake tasks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--here", action="store_true", help="check them in this process instead of queuing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        forgotten = services.forget_finished_intake_tasks(timezone.now())
        batches = services.pending_batches()
        for uuids in batches:
            if options["here"]:
                services.check_evidence(uuids=uuids)
            else:
                services.queue_check(uuids)
        files = sum(map(len, batches))
        verb = "checked" if options["here"] else "queued"
        self.stdout.write(
            f"{files} unchecked evidence file(s) of {len(batches)} report(s) {verb}; "
            f"{forgotten} finished or stalled intake task(s) forgotten."
        )
