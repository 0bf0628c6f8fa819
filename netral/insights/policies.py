"""Who may read the evaluation figures, and for which area. Deny by default.

- Every organisation that works on cases (Bawaslu, BKN, PPK, Inspektorat, Ombudsman, Gakkumdu,
  ministries) reads the figures of what it may see, as each app's policies decide: a figure
  never counts a row its reader could not open.
- National bodies (a seat with no region: Bawaslu RI, BKN pusat, KemenPAN-RB, Kemendagri, the
  Ombudsman) read the whole country's figures, by province, even where the case rules give them
  only some cases: a count is not a case file (decision 0050). Their counts link to the case
  list only where the list would show the same cases (Bawaslu RI).
- Platform administrators read national aggregates only (no case list behind them): they run
  the platform and need to see that it is used, not the cases.
- A region filter outside the reader's jurisdiction is refused (403), not silently narrowed.
"""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from netral.accounts import access
from netral.accounts.access import Capability
from netral.accounts.models import Organisation
from netral.registry.models import Region

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from netral.registry.models import Election

_F = Organisation.Family
# Independent auditors read the public, suppressed figures and their audit pack (transparency).
_READERS = frozenset(_F) - {_F.PLATFORM, _F.AUDITOR}
_INTAKE = {_F.BAWASLU}
_WATCHERS = {_F.BAWASLU, _F.OMBUDSMAN}


def reader_seats(user: Any) -> list[access.Seat]:
    return access.actor_of(user).seats_in(_READERS, Capability.VIEW)


def can_view(user: Any) -> bool:
    """Any organisation that works on cases, and platform administrators (aggregates only)."""
    return bool(reader_seats(user)) or access.actor_of(user).is_platform_admin


def is_national(user: Any) -> bool:
    """A reader acting for a national body (a seat with no region), or a platform administrator."""
    if any(seat.region_code == "" for seat in reader_seats(user)):
        return True
    return not reader_seats(user) and access.actor_of(user).is_platform_admin


def sees_cases(user: Any) -> bool:
    """Whether figures link to the case list: only when they count exactly what the reader may
    open (regional readers; Bawaslu RI, which oversees every case). National aggregates of
    other bodies and the platform administrators' are numbers only."""
    if not reader_seats(user):
        return False
    if not is_national(user):
        return True
    return any(s.region_code == "" and s.family == _F.BAWASLU for s in reader_seats(user))


def sees_intake(user: Any) -> bool:
    """Report figures: Bawaslu's (intake is Bawaslu's), and the administrators' national counts."""
    actor = access.actor_of(user)
    return bool(actor.seats_in(_INTAKE, Capability.VIEW)) or (
        not reader_seats(user) and actor.is_platform_admin
    )


def sees_monitoring(user: Any) -> bool:
    """Monitoring figures: Bawaslu and the Ombudsman, and the administrators' national counts."""
    actor = access.actor_of(user)
    return bool(actor.seats_in(_WATCHERS, Capability.VIEW)) or (
        not reader_seats(user) and actor.is_platform_admin
    )


def scope_actor(user: Any) -> access.Actor | None:
    """The actor whose jurisdiction limits the counts; None for national bodies and platform
    administrators (the whole country), and for a Bawaslu office of one region, which oversees
    every case and report there: its counts are its home region's (`home_region`), the same as
    stored (decision 0100). Other bodies count only the cases they may open."""
    if not can_view(user):
        raise PermissionDenied
    return None if is_national(user) or _oversees_one_region(user) else access.actor_of(user)


def scope_organisation(user: Any) -> int | None:
    """The PPK whose own cases a reader counts, when every seat the reader holds is in that
    one PPK: its figures are then the same for every person of the PPK and are stored
    per PPK (decision 0132). None for everyone else (their counts are their own, or stored by
    region)."""
    seats = access.actor_of(user).seats  # every seat, so that no other one widens its cases
    organisations = {seat.organisation.pk for seat in seats}
    if not reader_seats(user) or len(organisations) != 1:
        return None
    return organisations.pop() if all(seat.family == _F.PPK for seat in seats) else None


def _oversees_one_region(user: Any) -> bool:
    seats = reader_seats(user)
    return (
        bool(seats)
        and all(seat.family == _F.BAWASLU for seat in seats)
        and len({seat.region_code for seat in seats}) == 1
    )


def home_region(user: Any) -> str:
    """The region a reader's figures start from: its one jurisdiction, or "" (the country) for
    national bodies, administrators and people acting for several regions."""
    codes = {seat.region_code for seat in reader_seats(user)}
    return codes.pop() if len(codes) == 1 else ""


def check_region(user: Any, code: str) -> None:
    """Refuses (403) a region outside the reader's jurisdiction; unknown codes are the form's."""
    if not can_view(user):
        raise PermissionDenied
    if not code or is_national(user):
        return
    if not any(Region.lies_within(code, seat.region_code) for seat in reader_seats(user)):
        raise PermissionDenied


def can_generate_report(user: Any) -> bool:
    """The post-election report: Bawaslu supervisors and national bodies' readers, and anyone
    who reads the figures of their own jurisdiction (the report shows what the page shows)."""
    return can_view(user)


def can_view_trends(user: Any) -> bool:
    """The monthly snapshots count every case of a region: Bawaslu (which oversees its region)
    and national bodies may read them; other regional bodies see only their own cases."""
    if is_national(user):
        return True
    return bool(access.actor_of(user).seats_in(_INTAKE, Capability.VIEW))


def visible_elections(user: Any) -> "QuerySet[Election]":
    """Elections a reader may evaluate: every one for national readers; otherwise those held
    in, above or below the reader's regions (a regency supervises its part of a governor's
    election too)."""
    from django.db.models import Q

    from netral.registry.models import Election

    if not can_view(user):
        return Election.objects.none()
    elections = Election.objects.select_related("region").order_by("-voting_day", "name")
    if is_national(user):
        return elections
    codes = {seat.region_code for seat in reader_seats(user)}
    above = {code.rsplit(".", depth)[0] for code in codes for depth in range(code.count(".") + 1)}
    return elections.filter(
        Q(region__isnull=True) | Region.within_q(codes, "region__code") | Q(region__code__in=above)
    )


def get_election_for(user: Any, code: str) -> "Election":
    """The election by code if this reader may evaluate it: 404 if unknown, 403 if not theirs."""
    from django.http import Http404

    from netral.registry.models import Election

    if not can_view(user):
        raise PermissionDenied
    if not Election.objects.filter(code=code).exists():
        raise Http404
    found = visible_elections(user).filter(code=code).first()
    if found is None:
        raise PermissionDenied
    return found
