"""Who may see and run pledge campaigns. Deny by default.

An agency's personnel office (the PPK side: BKPSDM) or a ministry runs the campaigns of the
agencies in its jurisdiction (officers and above: HANDLE). BKN, Bawaslu and the Inspektorat may
look at campaigns and their coverage (VIEW). Everybody else sees nothing: a 404. Signing and
verifying a certificate are public and need no policy beyond the one-time code.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from netral.accounts import access
from netral.accounts.access import Capability
from netral.accounts.models import Organisation, User
from netral.prevention.models import Briefing, BriefingMaterial, Campaign
from netral.registry import selectors as registry_selectors
from netral.registry.models import Agency, Region

_F = Organisation.Family
RUNNERS = {_F.PPK, _F.MINISTRY}
WATCHERS = {_F.PPK, _F.MINISTRY, _F.BKN, _F.BAWASLU, _F.INSPEKTORAT}
ACT, VIEW = "act", "view"


def _codes(user: Any, action: str) -> set[str]:
    actor = access.actor_of(user)
    if action == ACT:
        return actor.region_codes(Capability.HANDLE, RUNNERS)
    return actor.region_codes(Capability.VIEW, WATCHERS)


def is_watcher(user: Any) -> bool:
    return bool(access.actor_of(user).seats_in(WATCHERS, Capability.VIEW))


def can_open_campaigns(user: Any) -> bool:
    return bool(_codes(user, ACT))


def manageable_agencies(user: Any) -> QuerySet[Agency]:
    """Agencies whose campaigns the user may open and run."""
    return Agency.objects.filter(Region.within_q(_codes(user, ACT), "region__code"))


def visible_campaigns(user: Any, action: str = VIEW) -> QuerySet[Campaign]:
    queryset = Campaign.objects.select_related("agency__region", "election")
    return queryset.filter(Region.within_q(_codes(user, action), "agency__region__code"))


def can_run(user: Any, campaign: Campaign) -> bool:
    return visible_campaigns(user, ACT).filter(pk=campaign.pk).exists()


def get_campaign_for(user: Any, public_id: Any, action: str = VIEW) -> Campaign:
    """The campaign, or 404 when the user may not see it (or may not run it, for `act`)."""
    found = visible_campaigns(user, action).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def get_briefing_for(user: Any, public_id: Any, action: str = VIEW) -> Briefing:
    """A sosialisasi or Bimtek, or 404: its campaign's policy decides (runners act on it)."""
    found = (
        Briefing.objects.select_related("campaign__agency", "campaign__election")
        .filter(public_id=public_id, campaign__in=visible_campaigns(user, action))
        .first()
    )
    if found is None:
        raise Http404
    return found


def runners_of(campaign: Campaign) -> QuerySet[User]:
    """Active users who may run this campaign: PPK or ministry officers covering its agency."""
    region = campaign.agency.region
    tops = registry_selectors.ancestor_codes(region.code) if region is not None else []
    # One filter() call: every condition holds for the same membership.
    return User.objects.filter(
        Q(memberships__organisation__region__isnull=True)
        | Q(memberships__organisation__region__code__in=tops),
        is_active=True,
        memberships__organisation__is_active=True,
        memberships__organisation__kind__in=Organisation.Kind.of(*RUNNERS),
        memberships__role__in=access.roles_with(Capability.HANDLE),
    ).distinct()


def may_download_material(user: Any, material: BriefingMaterial, attended: list[Any]) -> bool:
    """Anyone for a public material; else the staff who see the campaign, or an attendee of
    the briefing (`attended`: the attendance ids this browser checked in with)."""
    if material.public:
        return True
    if visible_campaigns(user).filter(pk=material.briefing.campaign_id).exists():
        return True
    ids = [pk for pk in attended if isinstance(pk, int)]
    return material.briefing.attendance.filter(pk__in=ids).exists()
