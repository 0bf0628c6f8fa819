"""Deletes expired report drafts and their files: `netral cleanup_report_drafts`.

Run it from cron or a systemd timer every hour; drafts live two hours by default
(NETRAL_REPORT_DRAFT_HOURS).
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from netral.reports import services


class Command(BaseCommand):
    help = "Deletes expired report drafts and the files uploaded with them."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.delete_expired_drafts(now=timezone.now())
        self.stdout.write(f"{count} expired draft(s) deleted.")
