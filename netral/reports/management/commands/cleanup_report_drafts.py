"""Deletes expired report drafts and their files, and ended rate-limit windows:
`netral cleanup_report_drafts`.

Run it from cron or a systemd timer every hour; drafts live two hours by default
(NETRAL_REPORT_DRAFT_HOURS), rate-limit counters at most the longest limit's window.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from netral.core import ratelimit
from netral.reports import services


class Command(BaseCommand):
    help = "Deletes expired report drafts, the files uploaded with them, and ended rate limits."

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        count = services.delete_expired_drafts(now=now)
        counters = ratelimit.purge_expired(now=now)
        self.stdout.write(f"{count} expired draft(s) deleted, {counters} rate counter(s) purged.")
