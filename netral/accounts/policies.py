"""Who may do what for which organisation. Every answer is "no" unless a rule here says yes.

A role is a set of capabilities (the table below). A capability counts only inside an active
organisation the user is a member of, and only within that organisation's jurisdiction: its
region and everything below it, or the whole country when it has no region.

Other apps ask these questions instead of reading memberships themselves:
`has_capability`, `covers_region` and `jurisdiction_q` are the ones they need most.
"""

import uuid
from collections.abc import Iterable, Mapping
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from netral.accounts.models import Membership, Organisation, User

type Actor = User | AnonymousUser | None


class Capability(StrEnum):
    """What a role lets its holder do inside their organisation's jurisdiction."""

    VIEW = "view"  # read cases, reports and findings
    ACT = "act"  # handle them: register, assign, record steps and decisions
    SUPERVISE = "supervise"  # approve, reassign, override deadlines, see the team's work
    ADMINISTER = "administer"  # manage the organisation's members and their roles


_C = Capability
# Roles are cumulative: each one can do everything the role before it can.
ROLE_CAPABILITIES: Mapping[str, frozenset[Capability]] = {
    Membership.Role.VIEWER: frozenset({_C.VIEW}),
    Membership.Role.OFFICER: frozenset({_C.VIEW, _C.ACT}),
    Membership.Role.SUPERVISOR: frozenset({_C.VIEW, _C.ACT, _C.SUPERVISE}),
    Membership.Role.ADMIN: frozenset({_C.VIEW, _C.ACT, _C.SUPERVISE, _C.ADMINISTER}),
}


def roles_with(capability: Capability | str) -> list[str]:
    """The roles that carry a capability (an unknown capability is carried by none)."""
    return [role for role, caps in ROLE_CAPABILITIES.items() if capability in caps]


def _signed_in(user: Actor) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _memberships(user: Actor) -> QuerySet[Membership]:
    if not _signed_in(user) or not isinstance(user, User):
        return Membership.objects.none()
    return Membership.objects.filter(user=user, organisation__is_active=True)


def has_capability(user: Actor, organisation: Organisation, capability: Capability | str) -> bool:
    """True when the user's role in this active organisation carries the capability."""
    if not organisation.is_active:
        return False
    return (
        _memberships(user)
        .filter(organisation=organisation, role__in=roles_with(capability))
        .exists()
    )


def organisations_of(
    user: Actor, capability: Capability | str | None = None
) -> QuerySet[Organisation]:
    """The active organisations the user belongs to (with that capability, when given)."""
    memberships = _memberships(user)
    if capability is not None:
        memberships = memberships.filter(role__in=roles_with(capability))
    return Organisation.objects.filter(pk__in=memberships.values("organisation_id")).select_related(
        "region"
    )


def jurisdiction_codes(user: Actor, capability: Capability | str = _C.VIEW) -> set[str]:
    """Top region codes the user covers with that capability; "" stands for the whole country."""
    return {org.jurisdiction_code for org in organisations_of(user, capability)}


def covers_region(user: Actor, code: str, capability: Capability | str = _C.VIEW) -> bool:
    """True when the region `code` lies in the jurisdiction of one of the user's organisations."""
    code = (code or "").strip()
    for top in jurisdiction_codes(user, capability):
        if top == "" or code == top or code.startswith(top + "."):
            return True
    return False


def jurisdiction_q(
    user: Actor, field: str = "region__code", capability: Capability | str = _C.VIEW
) -> Q:
    """A filter keeping rows whose region code (in `field`) the user covers; nothing if none.

    Usage: `Report.objects.filter(policies.jurisdiction_q(user, "region__code"))`.
    """
    return _codes_q(jurisdiction_codes(user, capability), field)


def _codes_q(codes: Iterable[str], field: str) -> Q:
    codes = set(codes)
    if "" in codes:
        return Q()
    if not codes:
        return Q(pk__in=[])
    query = Q()
    for top in sorted(codes):
        query |= Q(**{field: top}) | Q(**{f"{field}__startswith": top + "."})
    return query


def is_platform_admin(user: Actor) -> bool:
    """Superusers and administrators of an active platform organisation run the platform."""
    if not _signed_in(user):
        return False
    assert isinstance(user, User)
    if user.is_superuser:
        return True
    return (
        _memberships(user)
        .filter(organisation__kind=Organisation.Kind.PLATFORM, role=Membership.Role.ADMIN)
        .exists()
    )


def session_is_verified(user: Actor) -> bool:
    """True when this session passed the second step (django-otp marks the user per request)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def is_staff_member(user: Actor) -> bool:
    """True for anyone who acts for an organisation (or runs the platform)."""
    return _memberships(user).exists() or is_platform_admin(user)


def visible_organisations(user: Actor) -> QuerySet[Organisation]:
    """Platform admins see every organisation; everyone else sees their own active ones."""
    if is_platform_admin(user):
        return Organisation.objects.select_related("region")
    return organisations_of(user)


def manageable_organisations(user: Actor) -> QuerySet[Organisation]:
    """The organisations whose members this user may manage."""
    if is_platform_admin(user):
        return Organisation.objects.select_related("region")
    return organisations_of(user, _C.ADMINISTER)


def visible_users(user: Actor) -> QuerySet[User]:
    """Yourself and the members of organisations you administer; everyone for platform admins."""
    if not _signed_in(user):
        return User.objects.none()
    if is_platform_admin(user):
        return User.objects.all()
    assert isinstance(user, User)
    administered = organisations_of(user, _C.ADMINISTER)
    return User.objects.filter(
        Q(pk=user.pk) | Q(memberships__organisation__in=administered)
    ).distinct()


def can_manage_members(user: Actor, organisation: Organisation) -> bool:
    """Platform admins, and administrators of this active organisation, manage its members."""
    if is_platform_admin(user):
        return True
    return has_capability(user, organisation, _C.ADMINISTER)


def can_manage_user(user: Actor, target: User) -> bool:
    """May deactivate, reactivate or reset the sign-in of `target`.

    Never yourself. Platform admins may for anyone; an organisation administrator only for
    someone who belongs to no organisation except ones they administer, so that one body
    cannot lock out a person who also works for another.
    """
    if not _signed_in(user) or getattr(user, "pk", None) == target.pk:
        return False
    if is_platform_admin(user):
        return True
    if is_platform_admin(target):
        return False
    target_orgs = set(target.memberships.values_list("organisation_id", flat=True))
    administered = set(organisations_of(user, _C.ADMINISTER).values_list("pk", flat=True))
    return bool(target_orgs) and target_orgs <= administered


def can_change_organisation_status(user: Actor, organisation: Organisation) -> bool:
    """Only platform admins switch organisations on or off, and never a platform organisation."""
    return is_platform_admin(user) and organisation.kind != Organisation.Kind.PLATFORM


def can_use_admin_site(user: Actor, *, verified: bool, require_verified: bool) -> bool:
    """The Django admin is for platform admins, with a verified second factor when required."""
    return is_platform_admin(user) and (verified or not require_verified)


def _parse_uuid(value: str | uuid.UUID) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def get_organisation_for(
    user: Actor, public_id: str | uuid.UUID, action: str = "view"
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
    user: Actor, organisation: Organisation, public_id: str | uuid.UUID, action: str = "manage"
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
