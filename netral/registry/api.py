"""JSON endpoints of the registry app: region and agency lookups, elections. All public data."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from netral.core.api import ErrorOut, SearchText
from netral.registry import policies, selectors
from netral.registry.models import Agency, Election, Region

router = Router()


class RegionOut(Schema):
    code: str
    name: str
    level: int
    parent_code: str | None
    label: str


class RegionDetailOut(RegionOut):
    path: list[str]


class AutocompleteIn(Schema):
    q: SearchText = ""
    level: int | None = Field(None, ge=1, le=4)
    within: str | None = Field(None, max_length=13, description="A region code")
    limit: int = Field(selectors.AUTOCOMPLETE_LIMIT, ge=1, le=100)


class AgencySearchIn(Schema):
    q: SearchText = ""
    limit: int = Field(selectors.AUTOCOMPLETE_LIMIT, ge=1, le=100)


class AgencyOut(Schema):
    code: str
    name: str
    kind: str
    region_code: str | None
    parent_code: str | None
    ppk_name: str
    ppk_position: str


class StageOut(Schema):
    key: str
    name: str
    start: dt.date | None
    end: dt.date | None
    confidence: str
    verified: bool


class CandidateOut(Schema):
    number: int
    names: list[str]
    nicknames: list[str]
    jargon: list[str]
    slogans: list[str]
    hashtags: list[str]
    parties: list[str]
    accounts: list[str]


class ElectionOut(Schema):
    code: str
    name: str
    kind: str
    region_code: str | None
    voting_day: dt.date
    stages: list[StageOut]
    candidates: list[CandidateOut]


def _region(region: Region) -> dict[str, object]:
    parent_code = region.code.rsplit(".", 1)[0] if "." in region.code else None
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "parent_code": parent_code,
        "label": selectors.region_label(region),
    }


def _agency(agency: Agency) -> dict[str, object]:
    return {
        "code": agency.code,
        "name": agency.name,
        "kind": agency.kind,
        "region_code": agency.region.code if agency.region else None,
        "parent_code": agency.parent.code if agency.parent else None,
        "ppk_name": agency.ppk_name,
        "ppk_position": agency.ppk_position,
    }


@router.get("/regions", response=list[RegionOut], summary="Region autocomplete")
def autocomplete_regions(
    request: HttpRequest, filters: Query[AutocompleteIn]
) -> list[dict[str, Any]]:
    """Regions whose name or code starts with `q`; `level` 1–4 and `within` (a code) narrow it."""
    regions = selectors.autocomplete_regions(
        filters.q, level=filters.level, within=filters.within, limit=filters.limit
    )
    return [_region(region) for region in regions]


@router.get("/regions/{code}", response={200: RegionDetailOut, 404: ErrorOut})
def region_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    region = policies.get_region_for(request.user, code)
    regions = selectors.region_ancestors(code)
    return _region(region) | {"path": [item.name for item in regions]}


@router.get("/regions/{code}/children", response={200: list[RegionOut], 404: ErrorOut})
def region_children(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    """The regions directly below `code`; use code "00" for the list of provinces."""
    if code != "00":
        policies.get_region_for(request.user, code)
    parent = None if code == "00" else code
    return [_region(r) for r in selectors.region_children(parent).select_related("parent")]


@router.get("/agencies", response=list[AgencyOut], summary="Agency autocomplete")
def autocomplete_agencies(
    request: HttpRequest, filters: Query[AgencySearchIn]
) -> list[dict[str, Any]]:
    agencies = selectors.autocomplete_agencies(filters.q, user=request.user, limit=filters.limit)
    return [_agency(agency) for agency in agencies]


@router.get("/agencies/{code}", response={200: AgencyOut, 404: ErrorOut})
def agency_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    return _agency(policies.get_agency_for(request.user, code))


@router.get("/elections/{code}", response={200: ElectionOut, 404: ErrorOut})
def election_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    election: Election = policies.get_election_for(request.user, code)
    stages = [
        {
            "key": s.key,
            "name": s.name,
            "start": s.start,
            "end": s.end,
            "confidence": s.confidence,
            "verified": s.is_verified,
        }
        for s in election.stages.all()
    ]
    return {
        "code": election.code,
        "name": election.name,
        "kind": election.kind,
        "region_code": election.region.code if election.region else None,
        "voting_day": election.voting_day,
        "stages": stages,
        "candidates": list(election.candidates.values(*CandidateOut.model_fields)),
    }
