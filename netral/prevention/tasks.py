"""Background entry points: they load ids and call a service, nothing more."""

from django.tasks import task
from django.utils import timezone

from netral.prevention import services
from netral.prevention.models import Campaign


@task()
def remind_lagging_units() -> int:
    """Reminds every open campaign's runners of lagging units (`netral prevention-remind`)."""
    now = timezone.now()
    return sum(
        services.remind_lagging_units(campaign=campaign, now=now)
        for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN).select_related(
            "agency__region"
        )
    )


@task()
def send_stage_notices() -> int:
    """Sends the role page to every open campaign whose election stage begins today
    (`netral prevention-stage-notices`)."""
    now = timezone.now()
    return sum(
        services.send_stage_notices(campaign=campaign, now=now)
        for campaign in Campaign.objects.filter(status=Campaign.Status.OPEN).select_related(
            "election", "agency"
        )
    )
