"""JSON endpoints of the cases app, for partner systems acting with an organisation's token.

Same policies and services as the pages: a token sees what its organisation sees (404 otherwise)
and acts only with the `cases:act` scope (403 otherwise). The reporter's identity is never
exposed here. Errors use the API's one shape; a stale `expected_version` answers 409.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer

from netral.cases import adapters, policies, selectors, services, workflow
from netral.cases.models import ApiToken, Case, CaseEvent, Recommendation, Step
from netral.cases.models.tokens import hash_token
from netral.core.api import ErrorOut, Page
from netral.registry.models import Region


class TokenAuth(HttpBearer):
    """`Authorization: Bearer ntr_…`: a live token of an active organisation."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = (
            ApiToken.objects.select_related("organisation__region")
            .filter(token_hash=hash_token(token))
            .first()
        )
        now = timezone.now()
        if found is None or not found.is_usable(now) or not found.organisation.is_active:
            return None
        services.record_token_use(token=found, now=now)
        return found


router = Router(auth=TokenAuth())
ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class CaseOut(Schema):
    code: str
    title: str
    state: str
    state_label: str
    outcome: str
    owner: str = Field(..., alias="owner.name")
    civil_servant_name: str
    agency: str | None = Field(None, alias="agency.code")
    agency_name: str = Field(..., alias="agency_label")  # the registry's, else as reported
    region_code: str
    election: str | None = Field(None, alias="election.code")
    codes: list[str]
    sanction_category: str
    tags: list[str]
    received_at: dt.datetime
    due_at: dt.datetime | None
    closed_at: dt.datetime | None
    version: int


class StepOut(Schema):
    kind: str
    label: str
    organisation: str = Field(..., alias="organisation.name")
    status: str
    due_at: dt.datetime | None
    due_sentence: str
    verified: bool


class ActionOut(Schema):
    key: str
    label: str
    inputs: list[str]


class RecommendationOut(Schema):
    body_key: str
    body_name: str
    addressed_to: str = Field(..., alias="addressed_to.name")
    ppk_name: str
    codes: list[str]
    sanction_category: str
    issued_at: dt.datetime
    due_at: dt.datetime | None
    verified: bool
    status: str
    escalation_level: int
    substitute_reason: str


class CaseDetailOut(CaseOut):
    summary: str
    steps: list[StepOut] = Field(..., alias="api_steps")
    actions: list[ActionOut] = Field(..., alias="api_actions")
    recommendations: list[RecommendationOut] = Field(..., alias="api_recommendations")


class EventOut(Schema):
    seq: int
    type: str
    at: dt.datetime
    actor: str = Field(..., alias="actor_label")
    organisation: str | None = Field(None, alias="organisation.name")
    payload: dict[str, Any]
    prev_hash: str
    hash: str


class TransitionIn(Schema):
    action: str
    data: dict[str, Any] = {}
    expected_version: int | None = None


class TagsIn(Schema):
    add: list[str] = []
    remove: list[str] = []


class ForwardedCaseIn(Schema):
    title: str
    civil_servant_name: str = ""
    civil_servant_nip: str = ""
    civil_servant_position: str = ""
    region_code: str = ""
    summary: str = ""
    channel: str
    external_number: str
    received_at: dt.datetime


class QueueQuery(Page):
    state: str = ""
    overdue: bool = False
    region: str = ""
    agency: str = ""
    category: str = ""
    election: str = ""
    closed: bool = False
    q: str = ""
    scope: str = "all"


class ComplianceOut(Schema):
    agency: str
    received: int
    in_time: int
    late: int
    ignored: int
    pending: int


def _token(request: HttpRequest) -> ApiToken:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    return token


def _detail(token: ApiToken, case: Case) -> Case:
    """The case with its current steps, the actions open to this token and its recommendations."""
    steps: list[Step] = list(
        case.steps.filter(closed_at__isnull=True).select_related("organisation")
    )
    recommendations: list[Recommendation] = list(
        case.recommendations.select_related("addressed_to")
    )
    case.api_steps = steps  # type: ignore[attr-defined]
    case.api_recommendations = recommendations  # type: ignore[attr-defined]
    case.api_actions = [  # type: ignore[attr-defined]
        {"key": t.key, "label": str(t.label), "inputs": [i.value for i in t.inputs]}
        for t in policies.available_transitions(token, case)
    ]
    return case


@router.get("/", response={200: list[CaseOut], **ERRORS}, summary="List the cases the token sees")
def list_cases(request: HttpRequest, query: Query[QueueQuery]) -> Any:
    filters = selectors.QueueFilters(
        state=query.state, overdue=query.overdue, region=query.region, agency=query.agency,
        category=query.category, election=query.election, open_only=not query.closed, q=query.q,
        scope=query.scope,
    )  # fmt: skip
    cases = selectors.work_queue(_token(request), filters, now=timezone.now())
    return list(cases.select_related("election")[query.offset : query.offset + query.limit])


@router.post("/", response={201: CaseDetailOut, 409: ErrorOut, **ERRORS},
             summary="Register a case forwarded from another channel")  # fmt: skip
def register_case(request: HttpRequest, payload: ForwardedCaseIn) -> Any:
    token = _token(request)
    if not token.has_scope(ApiToken.Scope.ACT):
        raise PermissionDenied
    facts = services.NewCase(
        title=payload.title,
        civil_servant_name=payload.civil_servant_name,
        civil_servant_position=payload.civil_servant_position,
        civil_servant=adapters.civil_servant_by_nip(payload.civil_servant_nip.strip()),
        region=Region.objects.filter(code=payload.region_code.strip()).first(),
        summary=payload.summary,
    )
    try:
        case = services.register_forwarded_case(
            facts=facts, channel=payload.channel, external_number=payload.external_number,
            received_at=payload.received_at, by=token, now=timezone.now(),
        )  # fmt: skip
    except services.ActionRefused as exc:
        if exc.code == "duplicate":
            raise HttpError(409, " ".join(exc.messages)) from exc
        raise
    return Status(201, _detail(token, case))


@router.get("/compliance", response={200: list[ComplianceOut], **ERRORS},
            summary="PPK compliance per agency, over the cases the token sees")  # fmt: skip
def compliance(request: HttpRequest) -> Any:
    return selectors.ppk_compliance_for(_token(request))


@router.get("/{code}", response={200: CaseDetailOut, **ERRORS}, summary="One case")
def get_case(request: HttpRequest, code: str) -> Any:
    token = _token(request)
    return _detail(token, policies.get_case_for(token, code, "view"))


@router.get("/{code}/timeline", response={200: list[EventOut], **ERRORS},
            summary="The case's hash-chained timeline")  # fmt: skip
def timeline(request: HttpRequest, code: str) -> Any:
    case = policies.get_case_for(_token(request), code, "view")
    return list(selectors.case_timeline(case).exclude(type=CaseEvent.Type.IDENTITY_VIEWED))


@router.post("/{code}/transitions", response={200: CaseDetailOut, 409: ErrorOut, **ERRORS},
             summary="Move the case along the workflow")  # fmt: skip
def transition(request: HttpRequest, code: str, payload: TransitionIn) -> Any:
    token = _token(request)
    case = policies.get_case_for(token, code, "transition")
    if not policies.can_transition(token, case, payload.action):
        if payload.action not in {t.key for t in workflow.TRANSITIONS}:
            raise HttpError(422, _("Unknown action."))
        raise PermissionDenied
    try:
        case = services.transition(
            case=case, action=payload.action, by=token, now=timezone.now(), data=payload.data,
            expected_version=payload.expected_version,
        )  # fmt: skip
    except services.StaleCase as exc:
        raise HttpError(409, " ".join(exc.messages)) from exc
    return _detail(token, case)


@router.post("/{code}/tags", response={200: CaseDetailOut, **ERRORS}, summary="Add or remove tags")
def tags(request: HttpRequest, code: str, payload: TagsIn) -> Any:
    token = _token(request)
    case = policies.get_case_for(token, code, "tag")
    case = services.tag(
        case=case, add=payload.add, remove=payload.remove, by=token, now=timezone.now()
    )
    return _detail(token, case)
