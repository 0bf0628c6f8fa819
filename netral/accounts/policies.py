"""Who may manage which organisation and its members. Every answer is "no" unless a rule says yes.

The shared vocabulary (capabilities, roles, seats, the actor, the platform administrator) is
`netral.accounts.access`, which every app's policies build on. A capability counts only inside an
active organisation the user is a member of, and only within that organisation's jurisdiction.
The functions below answer the questions of the accounts pages in those terms.
"""

import uuid

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from netral.accounts import access
from netral.accounts.access import Capability
from netral.accounts.access import is_platform_admin as is_platform_admin  # asked here by pages
from netral.accounts.models import Membership, Organisation, User

type AnyUser = User | AnonymousUser | None

_C = Capability


def _actor(user: AnyUser) -> access.Actor:
    # Fresh each time: these pages change memberships and must not answer from a stale seat.
    return access.actor_of(user, fresh=True)


def has_capability(user: AnyUser, organisation: Organisation, capability: Capability | str) -> bool:
    """True when the user's role in this active organisation carries the capability."""
    seat = _actor(user).seat_for(organisation.pk)
    return seat is not None and seat.can(capability)


def organisations_of(
    user: AnyUser, capability: Capability | str | None = None
) -> QuerySet[Organisation]:
    """The active organisations the user belongs to (with that capability, when given)."""
    ids = [seat.organisation.pk for seat in _actor(user).seats_in(capability=capability)]
    return Organisation.objects.filter(pk__in=ids).select_related("region")


def covers_region(user: AnyUser, code: str, capability: Capability | str = _C.VIEW) -> bool:
    """True when the region `code` lies in the jurisdiction of one of the user's organisations."""
    return _actor(user).covers((code or "").strip(), capability)


def jurisdiction_q(
    user: AnyUser, field: str = "region__code", capability: Capability | str = _C.VIEW
) -> Q:
    """A filter keeping rows whose region code (in `field`) the user covers; nothing if none."""
    return _actor(user).region_q(field, capability)


def session_is_verified(user: AnyUser) -> bool:
    """True when this session passed the second step (django-otp marks the user per request)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def is_staff_member(user: AnyUser) -> bool:
    """True for anyone who acts for an organisation (or runs the platform)."""
    actor = _actor(user)
    return bool(actor.seats) or actor.is_platform_admin


def visible_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """Platform admins see every organisation; everyone else sees their own active ones."""
    if is_platform_admin(user):
        return Organisation.objects.select_related("region")
    return organisations_of(user)


def manageable_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations whose members this user may manage."""
    if is_platform_admin(user):
        return Organisation.objects.select_related("region")
    return organisations_of(user, _C.ADMINISTER)


def visible_users(user: AnyUser) -> QuerySet[User]:
    """Yourself and the members of organisations you administer; everyone for platform admins."""
    actor = _actor(user)
    if actor.user is None:
        return User.objects.none()
    if actor.is_platform_admin:
        return User.objects.all()
    administered = organisations_of(user, _C.ADMINISTER)
    return User.objects.filter(
        Q(pk=actor.user.pk) | Q(memberships__organisation__in=administered)
    ).distinct()


def can_manage_members(user: AnyUser, organisation: Organisation) -> bool:
    """Platform admins, and administrators of this active organisation, manage its members."""
    if is_platform_admin(user):
        return True
    return has_capability(user, organisation, _C.ADMINISTER)


def can_manage_user(user: AnyUser, target: User) -> bool:
    """May deactivate, reactivate or reset the sign-in of `target`.

    Never yourself. Platform admins may for anyone; an organisation administrator only for
    someone who belongs to no organisation except ones they administer, so that one body
    cannot lock out a person who also works for another.
    """
    if _actor(user).user is None or getattr(user, "pk", None) == target.pk:
        return False
    if is_platform_admin(user):
        return True
    if is_platform_admin(target):
        return False
    target_orgs = set(target.memberships.values_list("organisation_id", flat=True))
    administered = set(organisations_of(user, _C.ADMINISTER).values_list("pk", flat=True))
    return bool(target_orgs) and target_orgs <= administered


def can_change_organisation_status(user: AnyUser, organisation: Organisation) -> bool:
    """Only platform admins switch organisations on or off, and never a platform organisation."""
    return is_platform_admin(user) and organisation.kind != Organisation.Kind.PLATFORM


def can_use_admin_site(user: AnyUser, *, verified: bool, require_verified: bool) -> bool:
    """The Django admin is for platform admins, with a verified second factor when required."""
    return is_platform_admin(user) and (verified or not require_verified)


def _parse_uuid(value: str | uuid.UUID) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def get_organisation_for(
    user: AnyUser, public_id: str | uuid.UUID, action: str = "view"
) -> Organisation:
    """The organisation, or 404 when the user cannot see it, or 403 when they may not `action` it.

    Actions: "view", "manage" (its members).
    """
    found = visible_organisations(user).filter(public_id=_parse_uuid(public_id)).first()
    if found is None:
        raise Http404
    if action == "view":
        return found
    if action == "manage" and can_manage_members(user, found):
        return found
    raise PermissionDenied


def get_membership_for(
    user: AnyUser, organisation: Organisation, public_id: str | uuid.UUID, action: str = "manage"
) -> Membership:
    """A membership of that organisation, or 404/403 like `get_organisation_for`."""
    found = (
        organisation.memberships.select_related("user", "organisation")
        .filter(public_id=_parse_uuid(public_id))
        .first()
    )
    if found is None:
        raise Http404
    if action == "manage" and can_manage_members(user, organisation):
        return found
    if action == "manage_user" and can_manage_user(user, found.user):
        return found
    raise PermissionDenied
