"""Who may publish and withdraw announcements, and what independent auditors may read and file;
everything else here is public. Deny by default.

An independent auditor (`Family.AUDITOR`) holds no case seat (`cases.policies._CASE_FAMILIES`
leaves the family out): it reads cases only through `audit_pack_cases`, the cases of its
jurisdiction, of which `selectors.audit_pack` takes redacted columns alone."""

from typing import Any

from netral.accounts import access
from netral.accounts.models import Organisation
from netral.cases.models import Case
from netral.registry.models import Region
from netral.transparency.models import Announcement, AuditRecommendation

Family = Organisation.Family
# Bawaslu, BKN and the agencies' personnel offices (PPK) speak to the public here.
PUBLISHERS = frozenset({Family.BAWASLU, Family.BKN, Family.PPK})


def publishing_organisations(user: Any) -> list[Organisation]:
    """The organisations this person may publish for: an officer's seat (or higher) in one of
    the publishing families. Deny by default."""
    actor = access.actor_of(user)
    return [seat.organisation for seat in actor.seats_in(PUBLISHERS, access.Capability.HANDLE)]


def can_publish(user: Any) -> bool:
    return bool(publishing_organisations(user))


def can_withdraw(user: Any, announcement: Announcement) -> bool:
    """The publishing organisation's supervisors, or the person who published it."""
    if announcement.withdrawn_at is not None:
        return False
    if getattr(user, "pk", None) == announcement.published_by_id:
        return True
    seat = access.actor_of(user).seat_for(announcement.organisation_id)
    return seat is not None and seat.can(access.Capability.SUPERVISE)


def visible_announcements() -> Any:
    return Announcement.objects.published().select_related("organisation")


# ------------------------------------------------------------------ independent auditors

AUDITORS = frozenset({Family.AUDITOR})
Capability = access.Capability


def audit_seats(user: Any) -> list[access.Seat]:
    return access.actor_of(user).seats_in(AUDITORS, Capability.VIEW)


def can_audit(user: Any) -> bool:
    return bool(audit_seats(user))


def audit_pack_cases(user: Any) -> Any:
    """The cases in an auditor's jurisdiction, for the redacted audit pack only (never a case
    page). Nobody else gets any: the other families read cases through `cases.policies`."""
    codes = {seat.region_code for seat in audit_seats(user)}
    if not codes:
        return Case.objects.none()
    return Case.objects.filter(Region.within_q(codes, "region_code"))


def filing_organisations(user: Any) -> list[Organisation]:
    """The auditor organisations this person files recommendations for (an officer or above)."""
    seats = access.actor_of(user).seats_in(AUDITORS, Capability.HANDLE)
    return [seat.organisation for seat in seats]


def addressable_organisations() -> Any:
    """Who a recommendation may go to: any active agency-side body or Bawaslu, not another
    auditor and not the platform."""
    kinds = Organisation.Kind.of(Family.AUDITOR, Family.PLATFORM)
    return Organisation.objects.filter(is_active=True).exclude(kind__in=kinds)


def visible_recommendations(user: Any) -> Any:
    """Filed by one of this person's auditor organisations, or addressed to one of theirs."""
    ids = [seat.organisation.pk for seat in access.actor_of(user).seats_in(None, Capability.VIEW)]
    return (
        AuditRecommendation.objects.filter(pk__in=_involving(ids))
        .select_related("auditor", "addressed_to")
        .order_by("-filed_at", "-pk")
    )


def _involving(organisation_ids: list[int]) -> Any:
    mine = AuditRecommendation.objects.filter(auditor_id__in=organisation_ids)
    to_me = AuditRecommendation.objects.filter(addressed_to_id__in=organisation_ids)
    return mine.union(to_me).values("pk") if organisation_ids else mine.none().values("pk")


def _holds(user: Any, organisation_id: int, capability: Capability) -> bool:
    seat = access.actor_of(user).seat_for(organisation_id)
    return seat is not None and seat.can(capability)


def can_answer(user: Any, recommendation: AuditRecommendation) -> bool:
    """An officer (or above) of the addressee, while the recommendation awaits its response."""
    return recommendation.status == AuditRecommendation.Status.OPEN and _holds(
        user, recommendation.addressed_to_id, Capability.HANDLE
    )


def can_close(user: Any, recommendation: AuditRecommendation) -> bool:
    """An officer (or above) of the auditor, once the addressee has answered."""
    return recommendation.status == AuditRecommendation.Status.ANSWERED and _holds(
        user, recommendation.auditor_id, Capability.HANDLE
    )
