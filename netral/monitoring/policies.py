"""Who may see and act on monitoring. Deny by default.

Monitoring belongs to Bawaslu: its officers, supervisors and administrators act on findings of
elections in their jurisdiction (the election's region under the organisation's region).
Bawaslu viewers and the Ombudsman may look. Everybody else sees nothing: a 404.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404

from netral.accounts import access
from netral.accounts.access import Capability
from netral.accounts.models import Organisation
from netral.monitoring.models import Finding, ImportRun, LinkSuggestion, WatchedAccount
from netral.registry.models import Election, Region

_F = Organisation.Family
_WATCHERS = {_F.BAWASLU, _F.OMBUDSMAN}  # who may look
_ACTORS = {_F.BAWASLU}  # who may act: the Ombudsman only looks
ACT, VIEW = "act", "view"


def _codes(user: Any, action: str) -> set[str]:
    """Top region codes of the user's monitoring seats (acting ones for `act`)."""
    actor = access.actor_of(user)
    if action == VIEW:
        return actor.region_codes(Capability.VIEW, _WATCHERS)
    return actor.region_codes(Capability.HANDLE, _ACTORS)


def _scoped(queryset: QuerySet[Any], user: Any, field: str, action: str = VIEW) -> QuerySet[Any]:
    return queryset.filter(Region.within_q(_codes(user, action), field))


def is_monitor(user: Any) -> bool:
    return bool(access.actor_of(user).seats_in(_WATCHERS))


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
    queryset = Election.objects.select_related("region")
    return queryset.filter(Region.within_q(_codes(user, action), "region__code"))


def can_act_in(user: Any, region_code: str) -> bool:
    return Region.lies_within_any(region_code, _codes(user, ACT))


def can_view_in(user: Any, region_code: str) -> bool:
    return Region.lies_within_any(region_code, _codes(user, VIEW))


def can_act(user: Any, finding: Finding) -> bool:
    return can_act_in(user, finding.region_code)


def can_capture(user: Any, finding: Finding) -> bool:
    """Capturing the page is acting on the finding: closed findings may still need their proof."""
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
