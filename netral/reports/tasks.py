"""Background entry points: they load ids and call a service, nothing more."""

from django.tasks import task
from django.utils import timezone

from netral.reports import services
from netral.reports.models import Report


@task()
def check_duplicates(report_code: str) -> int:
    """Links a report's look-alikes for staff; returns how many were found. New reports wait in
    `PendingDuplicateCheck` instead (0185): this runs checks queued before that change."""
    report = Report.objects.get(code=report_code)
    return services.check_for_duplicates(report=report, now=timezone.now())


@task()
def check_evidence(uuids: list[str]) -> int:
    """Decodes a stored report's pending images: preview and EXIF, or marked damaged (0180)."""
    return services.check_evidence(uuids=uuids)
