"""Who may see and act on monitoring. Deny by default.

Monitoring belongs to Bawaslu: its officers, supervisors and administrators act on findings of
elections in their jurisdiction (the election's region under the organisation's region).
Bawaslu viewers and the Ombudsman may look. Everybody else sees nothing: a 404.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from netral.accounts.models import Membership, Organisation
from netral.monitoring.models import Finding, ImportRun, LinkSuggestion, WatchedAccount
from netral.registry.models import Election

Kind = Organisation.Kind
BAWASLU = frozenset({Kind.BAWASLU_RI, Kind.BAWASLU_PROVINSI, Kind.BAWASLU_KABKOTA})
OMBUDSMAN = frozenset({Kind.OMBUDSMAN, Kind.OMBUDSMAN_PERWAKILAN})
ACTING_ROLES = frozenset(
    {Membership.Role.OFFICER, Membership.Role.SUPERVISOR, Membership.Role.ADMIN}
)
ACT, VIEW = "act", "view"


@dataclass(frozen=True)
class Seat:
    """One membership as monitoring sees it: where, and whether it may act there."""

    region_code: str
    acts: bool


def seats(user: Any) -> list[Seat]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    found = []
    for membership in user.active_memberships():
        organisation = membership.organisation
        if organisation.kind in BAWASLU:
            acts = membership.role in ACTING_ROLES
        elif organisation.kind in OMBUDSMAN:
            acts = False
        else:
            continue
        found.append(Seat(organisation.jurisdiction_code, acts))
    return found


def covers(top: str, code: str) -> bool:
    return top == "" or code == top or code.startswith(top + ".")


def _codes(user: Any, action: str) -> set[str]:
    return {seat.region_code for seat in seats(user) if action == VIEW or seat.acts}


def _region_filter(codes: set[str], field: str) -> Q | None:
    """Rows whose region code lies under one of `codes`; None means every row."""
    if "" in codes:
        return None
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})
    return condition


def _scoped(queryset: QuerySet[Any], user: Any, field: str, action: str = VIEW) -> QuerySet[Any]:
    codes = _codes(user, action)
    if not codes:
        return queryset.none()
    condition = _region_filter(codes, field)
    return queryset if condition is None else queryset.filter(condition)


def is_monitor(user: Any) -> bool:
    return bool(seats(user))


def visible_findings(user: Any) -> QuerySet[Finding]:
    queryset = Finding.objects.select_related("item__account__civil_servant", "election")
    return _scoped(queryset, user, "region_code")


def visible_accounts(user: Any) -> QuerySet[WatchedAccount]:
    queryset = WatchedAccount.objects.select_related("civil_servant", "agency", "election")
    return _scoped(queryset, user, "region_code")


def visible_runs(user: Any) -> QuerySet[ImportRun]:
    return _scoped(ImportRun.objects.select_related("election"), user, "election__region__code")


def monitored_elections(user: Any, action: str = VIEW) -> QuerySet[Election]:
    """Elections whose region the user's monitoring seats cover (acting seats for `act`)."""
    codes = _codes(user, action)
    queryset = Election.objects.select_related("region")
    if not codes:
        return queryset.none()
    condition = _region_filter(codes, "region__code")
    if condition is None:
        return queryset
    return queryset.filter(condition)


def can_act_in(user: Any, region_code: str) -> bool:
    return any(seat.acts and covers(seat.region_code, region_code) for seat in seats(user))


def can_view_in(user: Any, region_code: str) -> bool:
    return any(covers(seat.region_code, region_code) for seat in seats(user))


def can_act(user: Any, finding: Finding) -> bool:
    return can_act_in(user, finding.region_code)


def can_import(user: Any, election: Election) -> bool:
    return can_act_in(user, election.region.code if election.region else "")


def can_decide_link(user: Any, suggestion: LinkSuggestion) -> bool:
    return can_act_in(user, suggestion.account.region_code)


def _get(queryset: QuerySet[Any], public_id: Any) -> Any:
    try:
        return queryset.get(public_id=public_id)
    except (queryset.model.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None


def get_finding_for(user: Any, public_id: Any, action: str = VIEW) -> Finding:
    """The finding; Http404 if the user cannot see it, PermissionDenied if they cannot act."""
    finding: Finding = _get(visible_findings(user), public_id)
    if action != VIEW and not can_act(user, finding):
        raise PermissionDenied
    return finding


def get_run_for(user: Any, public_id: Any) -> ImportRun:
    run: ImportRun = _get(visible_runs(user), public_id)
    return run


def get_suggestion_for(user: Any, public_id: Any) -> LinkSuggestion:
    """A link suggestion the user may decide on (404 unseen, 403 view-only)."""
    queryset = LinkSuggestion.objects.select_related("account", "civil_servant__agency")
    accounts = visible_accounts(user)
    suggestion: LinkSuggestion = _get(queryset.filter(account__in=accounts), public_id)
    if not can_decide_link(user, suggestion):
        raise PermissionDenied
    return suggestion


def get_election_for(user: Any, code: str, action: str = VIEW) -> Election:
    try:
        election: Election = monitored_elections(user).get(code=code)
    except Election.DoesNotExist:
        raise Http404 from None
    if action != VIEW and not can_import(user, election):
        raise PermissionDenied
    return election
