"""netral prevention-remind [--threshold PERCENT]: e-mails each open pledge campaign's runners
the work units whose coverage is below the threshold (run weekly from cron or the worker)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from netral.prevention import services
from netral.prevention.models import Campaign


class Command(BaseCommand):
    help = "Reminds pledge campaign runners of their lagging work units."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--threshold", type=int, default=services.REMINDER_THRESHOLD)

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        sent = 0
        for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN):
            sent += services.remind_lagging_units(
                campaign=campaign, now=now, threshold=options["threshold"]
            )
        self.stdout.write(f"{sent} reminder(s) sent.")
