"""Who may see what in the registry. Deny by default.

Regions, agencies and elections are public reference data. Civil servants are personal data:
only staff whose organisation's jurisdiction covers the agency's region may see them. A
jurisdiction is a set of region codes from `User.jurisdiction_codes()`, "" meaning the whole
country; an agency with no region (a ministry) is covered only by national staff.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404

from netral.registry.models import Agency, CivilServant, Election, Region


def _codes(user: Any) -> set[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    codes: set[str] = user.jurisdiction_codes()
    return codes


def _covers(codes: set[str], region_code: str | None) -> bool:
    return Region.lies_within_any(region_code, codes)


def visible_regions(user: Any) -> QuerySet[Region]:
    return Region.objects.all()


def visible_agencies(user: Any) -> QuerySet[Agency]:
    """Agencies are public: anyone may look up names, kinds and PPKs."""
    return Agency.objects.select_related("region", "parent")


def visible_elections(user: Any) -> QuerySet[Election]:
    return Election.objects.select_related("region")


def visible_civil_servants(user: Any) -> QuerySet[CivilServant]:
    """Civil servants of agencies in the user's jurisdiction; nobody else's, and none for guests."""
    queryset = CivilServant.objects.select_related("agency__region")
    return queryset.filter(Region.within_q(_codes(user), "agency__region__code"))


def can_view_personal_data(user: Any, civil_servant: CivilServant) -> bool:
    region = civil_servant.agency.region
    return _covers(_codes(user), region.code if region else None)


def can_view_agency_staff(user: Any, agency: Agency) -> bool:
    return _covers(_codes(user), agency.region.code if agency.region else None)


def get_civil_servant_for(user: Any, public_id: Any, action: str = "view") -> CivilServant:
    """The civil servant, Http404 if there is none, PermissionDenied if outside the jurisdiction."""
    try:
        civil_servant = CivilServant.objects.select_related("agency__region").get(
            public_id=public_id
        )
    except (CivilServant.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if action != "view" or not can_view_personal_data(user, civil_servant):
        raise PermissionDenied
    return civil_servant


def get_agency_for(user: Any, code: str) -> Agency:
    try:
        return visible_agencies(user).get(code=code.upper())
    except Agency.DoesNotExist:
        raise Http404 from None


def get_election_for(user: Any, code: str) -> Election:
    try:
        return visible_elections(user).get(code=code)
    except Election.DoesNotExist:
        raise Http404 from None


def get_region_for(user: Any, code: str) -> Region:
    try:
        return visible_regions(user).get(code=code)
    except Region.DoesNotExist:
        raise Http404 from None
