"""The one access layer: who is acting, for which organisations, where, and with which capabilities.

Every app's `policies.py` starts from an `Actor` and keeps only its own rules ("cases belong to
their owner", "intake is Bawaslu's"). The vocabulary lives here and nowhere else:

- `Capability`: what a role lets its holder do; `ROLE_CAPABILITIES` maps roles to them.
- `Seat`: one active organisation an actor acts for, with its kind family, its region code (the top
  of its jurisdiction, "" for a national body) and the capabilities held there.
- `Actor`: a signed-in user (`actor_of(user)`) or an API token (`token_actor(...)`), with its seats
  and whether it runs the platform (`is_platform_admin`).

Region containment is `registry.Region`'s; kind families are `Organisation.Kind`'s.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Q

from netral.accounts.models import Family, Membership, Organisation, User
from netral.registry.models import Region


class Capability(StrEnum):
    """What a role lets its holder do inside their organisation's jurisdiction."""

    VIEW = "view"  # read cases, reports and findings
    HANDLE = "handle"  # day-to-day work: triage, review, register, examine, hand over, findings
    DECIDE = "decide"  # decisions with legal weight: outcome, recommendation, sanction
    ASSIGN = "assign"  # give a case to a colleague
    READ_IDENTITY = "read_identity"  # open a formal reporter's sealed identity in intake
    SUPERVISE = "supervise"  # reopen, correct, manage templates and API tokens
    ADMINISTER = "administer"  # manage the organisation's members and their roles


_C = Capability
_OFFICER = frozenset({_C.VIEW, _C.HANDLE, _C.DECIDE, _C.ASSIGN, _C.READ_IDENTITY})
# Each role can do what the one before it can, except that a member administrator does not open
# reporters' identities: that stays with the people who handle reports.
ROLE_CAPABILITIES: Mapping[str, frozenset[Capability]] = {
    Membership.Role.VIEWER: frozenset({_C.VIEW}),
    Membership.Role.OFFICER: _OFFICER,
    Membership.Role.SUPERVISOR: _OFFICER | {_C.SUPERVISE},
    Membership.Role.ADMIN: (_OFFICER - {_C.READ_IDENTITY}) | {_C.SUPERVISE, _C.ADMINISTER},
}


def roles_with(capability: Capability | str) -> list[str]:
    """The roles that carry a capability (an unknown capability is carried by none)."""
    return [role for role, caps in ROLE_CAPABILITIES.items() if capability in caps]


@dataclass(frozen=True)
class Seat:
    """One active organisation an actor acts for, with the capabilities it holds there."""

    organisation: Organisation
    capabilities: frozenset[Capability]

    @property
    def kind(self) -> str:
        return str(self.organisation.kind)

    @property
    def family(self) -> Family:
        return Organisation.Kind(self.organisation.kind).family

    @property
    def region_code(self) -> str:
        return self.organisation.jurisdiction_code

    def covers(self, code: str | None) -> bool:
        """True when region `code` lies in this seat's jurisdiction."""
        return Region.lies_within(code, self.region_code)

    def can(self, capability: Capability | str) -> bool:
        return capability in self.capabilities


@dataclass(frozen=True)
class Actor:
    """Someone or something acting: a user, an API token, or nobody (no seats, no rights)."""

    user: User | None
    seats: tuple[Seat, ...] = ()
    is_platform_admin: bool = False

    def seats_in(
        self, families: Collection[str] | None = None, capability: Capability | str | None = None
    ) -> list[Seat]:
        """The seats of these kind families (None: all) that carry `capability` (None: any)."""
        return [
            seat
            for seat in self.seats
            if (families is None or seat.family in families)
            and (capability is None or seat.can(capability))
        ]

    def seat_for(self, organisation_id: int | None) -> Seat | None:
        return next((s for s in self.seats if s.organisation.pk == organisation_id), None)

    def region_codes(
        self, capability: Capability | str = _C.VIEW, families: Collection[str] | None = None
    ) -> set[str]:
        """Top region codes covered with that capability; "" stands for the whole country."""
        return {seat.region_code for seat in self.seats_in(families, capability)}

    def covers(
        self,
        code: str | None,
        capability: Capability | str = _C.VIEW,
        families: Collection[str] | None = None,
    ) -> bool:
        """True when region `code` lies in the jurisdiction of a seat with that capability."""
        return any(seat.covers(code) for seat in self.seats_in(families, capability))

    def region_q(
        self,
        field: str = "region__code",
        capability: Capability | str = _C.VIEW,
        families: Collection[str] | None = None,
    ) -> Q:
        """A filter keeping rows whose region code (in `field`) this actor covers; none if none."""
        return Region.within_q(self.region_codes(capability, families), field)


NOBODY = Actor(user=None)
_CACHE = "_netral_actor"


def _signed_in(user: Any) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.is_active


def is_platform_admin(user: Any) -> bool:
    """Superusers and administrators of an active platform organisation run the platform."""
    return actor_of(user).is_platform_admin


def actor_of(user: Any, *, fresh: bool = False) -> Actor:
    """The actor for a user (anonymous or inactive: NOBODY), kept on the user for one request.

    `fresh` rebuilds it, for code that has just changed the user's memberships.
    """
    if not _signed_in(user):
        return NOBODY
    cached: Actor | None = None if fresh else getattr(user, _CACHE, None)
    if cached is None:
        cached = _build(user)
        setattr(user, _CACHE, cached)
    return cached


def forget_actor(user: Any) -> None:
    """Drops the actor kept on this user object (after a change to their memberships)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def _build(user: User) -> Actor:
    memberships = list(user.active_memberships())
    seats = tuple(
        Seat(m.organisation, ROLE_CAPABILITIES.get(m.role, frozenset())) for m in memberships
    )
    platform = user.is_superuser or any(
        m.role == Membership.Role.ADMIN and m.organisation.kind == Organisation.Kind.PLATFORM
        for m in memberships
    )
    return Actor(user=user, seats=seats, is_platform_admin=platform)


def token_actor(*, organisation: Organisation, role: str) -> Actor:
    """An API token acting for one organisation with a role's capabilities (no user behind it)."""
    if not organisation.is_active:
        return NOBODY
    return Actor(user=None, seats=(Seat(organisation, ROLE_CAPABILITIES[role]),))
