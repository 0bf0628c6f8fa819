"""Background entry points: they load ids and call a service, nothing more."""

import datetime as dt

from django.tasks import task
from django.utils import timezone

from netral.prevention import code_delivery, services
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


@task()
def email_signing_codes(
    campaign_id: int, civil_servant_ids: list[int], requested_at: str, reissue: bool
) -> int:
    """E-mails signing codes to the listed staff (`code_delivery.request_code_emails` queues it)."""
    campaign = Campaign.objects.select_related("agency").filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    return code_delivery.deliver_codes(
        campaign=campaign,
        civil_servant_ids=civil_servant_ids,
        requested_at=dt.datetime.fromisoformat(requested_at),
        reissue=reissue,
        now=timezone.now(),
    )
