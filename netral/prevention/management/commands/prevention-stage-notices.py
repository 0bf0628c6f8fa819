"""netral prevention-stage-notices: on the day a stage of an election begins, e-mails each open
pledge campaign's runners the election's role page to pass on to their staff (run daily, after
midnight WIB, from cron or the worker; a stage already announced is not sent again)."""

from typing import Any

from django.core.management.base import BaseCommand

from netral.prevention import tasks


class Command(BaseCommand):
    help = "Sends pledge campaign runners the role guidance when an election stage begins."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = tasks.send_stage_notices.call()
        self.stdout.write(f"{sent} stage notice(s) sent.")
