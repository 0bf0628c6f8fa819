"""netral requeue-evidence [--here]: says how many evidence images wait for the task worker
(decisions 0180, 0185), or with --here checks them in this process; and forgets finished intake
tasks.

An image stays `pending` until a worker's pass decodes it, and staff see "being checked"
meanwhile; nothing is queued for it, so nothing can be lost. Run this from the hourly timer that
runs `cleanup_report_drafts`; use --here where no worker runs. A check run twice settles each
image once.

It also forgets the queue rows of finished intake tasks (evidence and duplicate checks queued
before decision 0185), and of ones still running an hour after they started (their worker
died): each names a report and carries the second it was queued, finer than the hour a report
keeps.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from netral.reports import services


class Command(BaseCommand):
    help = (
        "Says how many evidence images wait for the worker (or checks them here), and forgets "
        "finished or stalled intake tasks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--here", action="store_true", help="check them in this process")

    def handle(self, *args: Any, **options: Any) -> None:
        forgotten = services.forget_finished_intake_tasks(timezone.now())
        if options["here"]:
            waiting, checked = services.waiting_images(), 0
            # Bounded by what waited at the start: new submissions are the worker's.
            while checked < waiting:
                settled = services.check_pending_evidence(now=timezone.now())
                if not settled:
                    break
                checked += settled
            said = (
                f"{checked} unchecked evidence file(s) checked, "
                f"{services.waiting_images()} still waiting"
            )
        else:
            said = f"{services.waiting_images()} evidence file(s) wait for the worker"
        self.stdout.write(f"{said}; {forgotten} finished or stalled intake task(s) forgotten.")
