"""Background entry points: they load ids and call a service, nothing more."""

from django.tasks import task
from django.utils import timezone

from netral.monitoring import services
from netral.monitoring.models import Finding, ImportRun


@task()
def process_import(run_id: str) -> int:
    """Imports a large uploaded file; returns how many items were imported."""
    run = ImportRun.objects.select_related("election__region").get(public_id=run_id)
    return services.process_import_run(run=run, now=timezone.now()).imported


@task()
def capture_finding(finding_id: str) -> str:
    """Captures the page behind a finding's address; returns the capture state."""
    finding = Finding.objects.select_related("item").get(public_id=finding_id)
    return services.run_capture(finding=finding, now=timezone.now()).capture_status
