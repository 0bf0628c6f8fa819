"""Read queries over the registry that other apps and the views share.

`region_path("34.02.15")` → ["Daerah Istimewa Yogyakarta", "Kabupaten Bantul", "Sewon"].
"""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.utils.translation import gettext as _

from netral.registry import identifiers, policies
from netral.registry.models import Agency, CandidatePair, CivilServant, Election, Region
from netral.registry.text import search_key

AUTOCOMPLETE_LIMIT = 20
_CODE_QUERY = re.compile(r"^\d{1,2}(\.\d{0,2}){0,2}(\.\d{0,4})?$")
# Names of regencies and cities start with their kind; people type the name itself.
_REGION_PREFIXES = ("", "KABUPATEN ", "KOTA ", "KOTA ADMINISTRASI ", "KAB. ")


def _prefix(field: str, value: str) -> Q:
    """`field` starts with `value`, written so that the column's index is used.

    PostgreSQL serves LIKE 'x%' from the pattern index Django creates for indexed CharFields;
    SQLite never uses an index for Django's LIKE (it adds ESCAPE), but it does for a range,
    and its binary collation makes the range exactly the prefix.
    """
    if connection.vendor == "sqlite":
        return Q(**{f"{field}__gte": value, f"{field}__lt": value + "\U0010ffff"})
    return Q(**{f"{field}__startswith": value})


def ancestor_codes(code: str) -> list[str]:
    """ "34.02.15" → ["34", "34.02", "34.02.15"]: every code from the province down."""
    parts = code.split(".")
    return [".".join(parts[: depth + 1]) for depth in range(len(parts))]


def region_by_code(code: str) -> Region | None:
    return Region.objects.filter(code=code.strip()).first()


def regions_by_name(name: str, *, level: int | None = None) -> QuerySet[Region]:
    """Regions whose whole name is `name` (case and accents ignored); often more than one."""
    queryset = Region.objects.filter(search_name=search_key(name))
    return queryset.filter(level=level) if level else queryset


def region_children(code: str | None) -> QuerySet[Region]:
    """The regions directly below `code`; provinces for None or ""."""
    if not code:
        return Region.objects.filter(level=1)
    return Region.objects.filter(parent__code=code)


def region_ancestors(code: str) -> list[Region]:
    """The region and those above it, province first; empty for an unknown code."""
    return list(Region.objects.filter(code__in=ancestor_codes(code)).order_by("level"))


def region_path(code: str) -> list[str]:
    """Names from the province down to the region with this code, for display anywhere."""
    return [region.name for region in region_ancestors(code)]


def autocomplete_regions(
    query: str,
    *,
    level: int | None = None,
    within: str | None = None,
    limit: int = AUTOCOMPLETE_LIMIT,
) -> list[Region]:
    """Regions whose name (or code) starts with the query, shortest names and top levels first.

    Uses only prefix conditions on indexed columns, so it stays fast over all 91,599 regions.
    """
    text = query.strip()
    if not text:
        return []
    if _CODE_QUERY.match(text):
        condition = _prefix("code", text)
    else:
        key = search_key(text)
        condition = Q(pk__in=[])
        for prefix in _REGION_PREFIXES:
            condition |= _prefix("search_name", prefix + key)
    queryset = Region.objects.filter(condition)
    if level:
        queryset = queryset.filter(level=level)
    if within:
        # Strictly below `within`, as an index-friendly prefix (see _prefix).
        queryset = queryset.filter(_prefix("code", within.strip() + "."))
    queryset = queryset.select_related("parent__parent__parent")
    return list(queryset.order_by("level", "search_name", "code")[: max(1, min(limit, 50))])


def region_label(region: Region) -> str:
    """ "Pendowoharjo, Sewon, Kabupaten Bantul": enough to tell same-named villages apart.

    Uses the parents already loaded (autocomplete selects them); at most three names.
    """
    names: list[str] = []
    current: Region | None = region
    while current is not None and len(names) < 3:
        names.append(current.name)
        current = current.parent if current.parent_id else None
    return ", ".join(names)


def autocomplete_agencies(
    query: str, *, user: Any = None, limit: int = AUTOCOMPLETE_LIMIT
) -> list[Agency]:
    """Agencies whose code starts with the query or whose name contains every word of it. When
    none does, on PostgreSQL, those whose name holds the query with a typo or two (trigram word
    similarity), closest first. A trigram index serves both there (decision 0176); SQLite scans
    and has no typo search."""
    text = query.strip()
    if not text:
        return []
    key = search_key(text)
    by_name = Q()
    for word in key.split(" "):
        by_name &= Q(search_name__contains=word)
    visible = policies.visible_agencies(user)
    size = max(1, min(limit, 50))
    wanted = visible.filter(by_name | Q(code__startswith=text.upper()))
    found = list(wanted.order_by("search_name")[:size])
    if found or connection.vendor != "postgresql":
        return found
    return list(agencies_like(visible, key)[:size])


def agencies_like(visible: QuerySet[Agency], key: str) -> QuerySet[Agency]:
    """Agencies whose name holds `key` with small differences (`%>`, pg_trgm's word similarity
    above its threshold), closest first (PostgreSQL)."""
    from django.contrib.postgres.lookups import TrigramWordSimilar
    from django.contrib.postgres.search import TrigramWordSimilarity

    close = visible.filter(TrigramWordSimilar(F("search_name"), Value(key)))
    close = close.annotate(likeness=TrigramWordSimilarity(key, "search_name"))
    return close.order_by("-likeness", "search_name")


def agency_civil_servants(user: Any, agency: Agency) -> QuerySet[CivilServant]:
    """The agency's civil servants the user may see (none outside the jurisdiction)."""
    return policies.visible_civil_servants(user).filter(agency=agency).order_by("name")


def decoded_identifier(civil_servant: CivilServant) -> Any:
    """What the NIP or NI PPPK says (birth date, appointment, gender), or None if it cannot."""
    decode = identifiers.decode_nip if civil_servant.kind == "pns" else identifiers.decode_ni_pppk
    try:
        return decode(civil_servant.nip)
    except ValidationError:
        return None


# ---------------------------------------------------------------------------------- PPK routing
# Who decides on a civil servant's discipline, and who stands in when that person is a candidate:
# registry facts (agencies, their PPK, candidate pairs), asked by the cases app.


@dataclass(frozen=True)
class PpkRoute:
    """Who receives a recommendation: the agency's PPK or, in conflict, the next authority up."""

    organisation_kind: str
    region_code: str | None
    ppk_name: str
    ppk_position: str
    substitute_reason: str = ""


def _government(agency: Agency) -> Agency:
    """The regional or national government whose head is the PPK of this agency."""
    seen = 0
    while agency.parent_id is not None and agency.kind == Agency.Kind.REGIONAL_UNIT and seen < 8:
        agency = agency.parent  # type: ignore[assignment]
        seen += 1
    return agency


def _normalise(name: str) -> str:
    return " ".join(name.upper().replace(",", " ").replace(".", " ").split())


def ppk_conflict(agency: Agency | None, election: Election | None) -> str:
    """Why the PPK may not decide (empty when no conflict is known): the PPK is a candidate."""
    if agency is None or election is None:
        return ""
    ppk = _normalise(_government(agency).ppk_name)
    if not ppk:
        return ""
    for pair in CandidatePair.objects.filter(election=election):
        for name in pair.names:
            if _normalise(str(name)) == ppk:
                return _("The PPK (%(name)s) is a candidate in %(election)s (number %(no)s).") % {
                    "name": _government(agency).ppk_name,
                    "election": election.name,
                    "no": pair.number,
                }
    return ""


def ppk_route(agency: Agency | None, *, region_code: str = "", conflict: str = "") -> PpkRoute:
    """The PPK of the agency, or the next authority up when there is a conflict of interest.

    Without a known agency, the regency or city where it happened stands for it. A regent's or
    mayor's conflict goes to the governor; a governor's to the Minister of Home Affairs.
    """
    government = _government(agency) if agency is not None else None
    if government is not None:
        region = government.region
        ppk_name, ppk_position = government.ppk_name, government.ppk_position
    else:
        local = ".".join(region_code.split(".")[:2])
        region = Region.objects.filter(code=local).select_related("parent").first()
        ppk_name = ppk_position = ""
    if not conflict:
        return PpkRoute("ppk", region.code if region else None, ppk_name, ppk_position)
    if region is not None and region.level > 1 and region.parent is not None:
        province = region.parent
        governor = Agency.objects.filter(
            region=province, kind=Agency.Kind.PROVINCIAL_GOVERNMENT
        ).first()
        return PpkRoute(
            "ppk",
            province.code,
            governor.ppk_name if governor else _("Governor"),
            governor.ppk_position if governor else _("Governor"),
            conflict,
        )
    return PpkRoute("kemendagri", None, _("Minister of Home Affairs"), _("Mendagri"), conflict)
