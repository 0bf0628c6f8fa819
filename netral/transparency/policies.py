"""Who may publish and withdraw announcements; everything else here is public."""

from typing import Any

from netral.accounts import access
from netral.accounts.models import Organisation
from netral.transparency.models import Announcement

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
