"""The public, read-only JSON API: the open-data tables, suppressed exactly as on the pages."""

from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from netral.core import page_cache
from netral.core.api import ErrorOut, blank
from netral.transparency import opendata, selectors

router = Router()

Lang = Literal["id", "en"]


class ScopeIn(Schema):
    election: str = blank(140, "An election code")
    region: str = blank(13, "A province or regency/city code")
    agency: str = blank(100, "An agency's public code")


class DatasetOut(Schema):
    dataset: str
    scope: dict[str, str]
    as_of: str
    threshold: int = Field(description="Counts from 1 to threshold-1 are given as '<threshold'")
    licence: str
    rows: list[dict[str, int | float | str]] = Field(
        description="Rows as described field by field in the open-data README; a count is an "
        "integer, '<N' or 'x' (hidden)"
    )


class DatasetInfoOut(Schema):
    name: str
    title: str
    description: str
    fields: list[dict[str, str]]


@router.get("/datasets", response=list[DatasetInfoOut], summary="Public datasets and their fields")
def datasets(request: HttpRequest, lang: Lang | None = None) -> list[dict[str, Any]]:
    """Titles and descriptions in `lang` (id or en, as in the rules API); without it, in the
    request's language (Accept-Language, Indonesian by default). Field descriptions: English."""
    page_cache.mark(request)
    language = lang or get_language() or "id"
    return [
        {
            "name": d.name,
            "title": d.title.get(language),
            "description": d.description.get(language),
            "fields": [
                {"name": f.name, "kind": f.kind, "description": f.description} for f in d.fields
            ],
        }
        for d in opendata.DATASETS.values()
    ]


@router.get(
    "/datasets/{name}",
    response={200: DatasetOut, 404: ErrorOut},
    summary="One public dataset, for the whole country or a scope",
)
def dataset(request: HttpRequest, name: str, filters: Query[ScopeIn]) -> dict[str, Any]:
    page_cache.mark(request, reads=("election", "region", "agency"))
    if name not in opendata.DATASETS:
        raise Http404("unknown dataset")
    try:
        scope = selectors.public_scope(
            election=filters.election.strip(),
            region=filters.region.strip(),
            agency=filters.agency.strip(),
        )
    except selectors.UnknownCode as error:  # the sentence the downloads give, not "Not found."
        raise HttpError(404, error.message()) from error
    return {
        "dataset": name,
        "scope": scope.as_query(),
        "as_of": timezone.now().isoformat(),
        "threshold": selectors.threshold(),
        "licence": opendata.LICENCE,
        "rows": opendata.rows(name, scope),
    }
