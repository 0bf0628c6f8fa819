"""Background entry points: they load ids and call a service, nothing more."""

from django.tasks import task
from django.utils import timezone

from netral.monitoring import services
from netral.monitoring.models import ImportRun


@task()
def process_import(run_id: str) -> int:
    """Imports a large uploaded file; returns how many items were imported."""
    run = ImportRun.objects.select_related("election__region").get(public_id=run_id)
    return services.process_import_run(run=run, now=timezone.now()).imported
