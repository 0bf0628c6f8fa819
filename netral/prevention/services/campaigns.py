"""Campaigns: open, revise the text, close; reminders to lagging units and stage notices."""

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from netral.prevention import events, policies, selectors
from netral.prevention.models import (
    Campaign,
    CampaignEvent,
)
from netral.registry.models import Agency, Election


def _checked_text(text: str) -> str:
    """The pledge text, stripped: refused when empty or longer than a pledge should be."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the text of the pledge.")})
    if len(text) > Campaign.TEXT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _(
                    "Keep the pledge text to at most %(limit_value)d characters (it has "
                    "%(show_value)d)."
                )
                % {"limit_value": Campaign.TEXT_MAX_LENGTH, "show_value": len(text)}
            }
        )
    return text


@transaction.atomic
def open_campaign(
    *, agency: Agency, election: Election, title: str, text: str, by: Any, now: dt.datetime
) -> Campaign:
    text = _checked_text(text)
    # An agency of no region (a ministry, a national institution) has staff in every region.
    if agency.region is not None and not election.covers(agency.region.code):
        raise ValidationError(
            {
                "election": _(
                    "%(election)s is not held in the region of %(agency)s. Choose an election "
                    "of the agency's region or a national one."
                )
                % {"election": election.name, "agency": agency.name}
            }
        )
    if Campaign.objects.filter(agency=agency, election=election).exists():
        raise ValidationError(
            {"election": _("This agency already has a pledge campaign for this election.")}
        )
    campaign = Campaign.objects.create(
        agency=agency,
        election=election,
        title=title.strip(),
        text=text,
        opened_by=by,
        opened_at=now,
    )
    events.record_campaign_event(
        campaign,
        CampaignEvent.Type.OPENED,
        by=by,
        now=now,
        election=election.code,
        agency=agency.code,
        text_version=1,
    )
    return campaign


@transaction.atomic
def revise_text(*, campaign: Campaign, text: str, by: Any, now: dt.datetime) -> Campaign:
    """A new version of the pledge text; signatures keep the version they signed."""
    text = _checked_text(text)
    campaign = Campaign.objects.select_for_update().select_related("agency").get(pk=campaign.pk)
    if text == campaign.text:
        raise ValidationError({"text": _("The text has not changed.")})
    campaign.text = text
    campaign.text_version += 1
    campaign.save(update_fields=["text", "text_version"])
    events.record_campaign_event(
        campaign,
        CampaignEvent.Type.TEXT_REVISED,
        by=by,
        now=now,
        text_version=campaign.text_version,
        text_sha256=hashlib.sha256(text.encode()).hexdigest(),
    )
    return campaign


@transaction.atomic
def close_campaign(*, campaign: Campaign, by: Any, now: dt.datetime) -> Campaign:
    if not campaign.is_open:
        raise ValidationError(_("This campaign is already closed."))
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    events.record_campaign_event(campaign, CampaignEvent.Type.CLOSED, by=by, now=now)
    return campaign


REMINDER_THRESHOLD = 80  # percent: units below it are reminded


def remind_lagging_units(
    *, campaign: Campaign, now: dt.datetime, threshold: int = REMINDER_THRESHOLD
) -> int:
    """E-mails the campaign's runners the units below `threshold`; returns how many got it.

    The registry holds no addresses of units or civil servants: the personnel office that runs
    the campaign passes the reminder on (with fresh code sheets where needed).
    """
    if not campaign.is_open:
        return 0
    lagging = selectors.lagging_units(campaign, threshold)
    recipients = [u.email for u in policies.runners_of(campaign) if u.email]
    if not lagging or not recipients:
        return 0
    base_url = getattr(settings, "NETRAL_SITE_URL", "").rstrip("/")
    with override(settings.LANGUAGE_CODE):
        lines = [
            _("%(unit)s: %(signed)d of %(staff)d signed (%(percent)d%%)")
            % {
                "unit": row["unit"] or _("(no unit)"),
                "signed": row["signed"],
                "staff": row["staff"],
                "percent": row["percent"],
            }
            for row in lagging
        ]
        subject = _("[Netral] Pledge campaign: %(count)d units below %(threshold)d%%") % {
            "count": len(lagging),
            "threshold": threshold,
        }
        body = "\n".join(
            [
                _("Units of %(agency)s that lag in “%(title)s”:")
                % {"agency": campaign.agency.name, "title": campaign.title},
                "",
                *lines,
                "",
                base_url + reverse("prevention:campaign", args=[campaign.public_id]),
                "",
                _("This message was sent by Netral. Do not reply to it."),
            ]
        )
    sent = send_mail(subject, body, None, recipients)
    events.record_campaign_event(
        campaign,
        CampaignEvent.Type.REMINDED,
        by=None,
        now=now,
        units=[row["unit"] for row in lagging],
        recipients=len(recipients),
    )
    return len(recipients) if sent else 0


def send_stage_notices(*, campaign: Campaign, now: dt.datetime) -> int:
    """E-mails the campaign's runners once for each stage of its election that has begun and is
    still running; returns how many got it.

    The message carries the role page of the election, to pass on to the agency's staff (the
    registry holds no addresses of civil servants). A stage is announced once, and only when
    the mail went out: a day the timer missed, or a mail server that refused, is made up on
    the next run while the stage lasts.
    """
    today = timezone.localdate(now)
    running = campaign.election.stages.filter(start__lte=today).filter(
        Q(end__isnull=True) | Q(end__gte=today)
    )
    announced = set(
        campaign.events.filter(type=CampaignEvent.Type.STAGE_NOTICE_SENT).values_list(
            "payload__stage", flat=True
        )
    )
    starting = [stage for stage in running.order_by("position") if stage.key not in announced]
    recipients = [u.email for u in policies.runners_of(campaign) if u.email]
    if not campaign.is_open or not starting or not recipients:
        return 0
    subject, body = _stage_notice(campaign, starting)
    if not send_mail(subject, body, None, recipients, fail_silently=True):
        return 0
    for stage in starting:
        events.record_campaign_event(
            campaign,
            CampaignEvent.Type.STAGE_NOTICE_SENT,
            by=None,
            now=now,
            stage=stage.key,
            recipients=len(recipients),
        )
    return len(recipients)


def _stage_notice(campaign: Campaign, stages: list[Any]) -> tuple[str, str]:
    """The subject and body of a stage notice, in the site's language."""
    link = getattr(settings, "NETRAL_SITE_URL", "").rstrip("/") + reverse(
        "prevention:role", args=[campaign.election.code]
    )
    with override(settings.LANGUAGE_CODE):
        names = ", ".join(stage.name for stage in stages)
        subject = _("[Netral] %(election)s: %(stages)s has begun") % {
            "election": campaign.election.name,
            "stages": names,
        }
        body = "\n".join(
            [
                _(
                    "%(stages)s has begun. What an ASN may and may not do now, and what ASN on "
                    "election bodies do, is on this page; please pass it on to the staff of "
                    "%(agency)s:"
                )
                % {"stages": names, "agency": campaign.agency.name},
                "",
                link,
                "",
                _("This message was sent by Netral. Do not reply to it."),
            ]
        )
    return subject, body
