"""JSON endpoints of the cases app, for partner systems acting with an organisation's token.

Same policies and services as the pages: a token sees what its organisation sees (404 otherwise)
and acts only with the `cases:act` scope (403 otherwise). The reporter's identity is never
exposed here. Errors use the API's one shape; a stale `expected_version` answers 409.
"""

import datetime as dt
from typing import Annotated, Any, Literal, Union, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import HttpBearer
from pydantic import create_model

from netral.cases import adapters, policies, selectors, services, workflow
from netral.cases.models import ApiToken, Case, CaseEvent, Recommendation, Step
from netral.cases.models.tokens import hash_token
from netral.cases.services.inputs import (
    CONFLICT_TEXT,
    LONG_TEXT,
    NAME_TEXT,
    NOTE_TEXT,
    SHORT_TEXT,
)
from netral.core.api import ErrorOut, Page, blank
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


# One input schema per workflow action: `{"action", "data", "expected_version"}`, where `data`
# holds the action's inputs (workflow.Input). Plain moves that ask for the same inputs share a
# schema listing their actions; each special move has its own. Fields default to blank so the
# service answers a missing one with its translated message, naming the field.
# test_api.py keeps these in step with the workflow table.


class StepData(Schema):
    note: str = blank(max_length=NOTE_TEXT, description="Note for the timeline (optional).")


class ReasonedData(StepData):
    reasoning: str = blank(
        max_length=LONG_TEXT, description="The facts and the grounds (at least 20 characters)."
    )


class RegistrationData(ReasonedData):
    registration_number: str = blank(max_length=SHORT_TEXT)


class DecisionFactsData(ReasonedData):
    election: str = blank(description="Election code; blank keeps the case's.")
    target_stage: str = blank(
        description="bakal_calon or calon on the incident day; blank: unknown."
    )


class ViolationData(DecisionFactsData):
    codes: list[str] = Field(default=[], description="Catalogue codes, such as DS-06.")
    sanction_category: str = blank(description="Blank: follows the codes.")


class CrimeData(DecisionFactsData):
    codes: list[str] = Field(
        default=[], description="Catalogue codes, at least one criminal (PID-…)."
    )


class ForwardData(ReasonedData):
    forwarded_to: str = blank(description="KPU or DKPP.")


class VerdictData(StepData):
    verdict: str = blank(max_length=LONG_TEXT, description="The verdict (at least 20 characters).")


class RecommendationData(ViolationData):
    conflict_of_interest: str = blank(
        max_length=CONFLICT_TEXT,
        description="The PPK's conflict of interest, if any: routes to the next authority up.",
    )


class TeamMembers(Schema):
    superior: str = blank(max_length=NAME_TEXT)
    inspektorat: str = blank(max_length=NAME_TEXT)
    personnel: str = blank(max_length=NAME_TEXT)


class TeamData(StepData):
    examination_team: TeamMembers = Field(default_factory=TeamMembers)


class DecreeData(ReasonedData):
    decree_number: str = blank(max_length=SHORT_TEXT)
    decree_date: str = blank(description="YYYY-MM-DD", json_schema_extra={"format": "date"})
    decree_signatory: str = blank(max_length=NAME_TEXT, description="Who signed the decree.")
    sanction: str = blank(
        description="The sanction imposed, from the catalogue; NONE for no sanction."
    )
    deviation_reason: str = blank(
        max_length=LONG_TEXT,
        description="Required when the sanction is lighter than recommended, or none.",
    )


class _StepIn(Schema):
    expected_version: int | None = None
    action: str
    data: StepData


# The data each workflow action asks for, by the inputs of its row; a special move has its own.
# The actions of each schema come from workflow.TRANSITIONS, so a new row needs no edit here
# unless it asks for a new combination of inputs (then the KeyError below names it).
_I = workflow.Input
_BY_INPUTS: dict[tuple[workflow.Input, ...], tuple[str, type[StepData]]] = {
    (): ("PlainStepIn", StepData),
    (_I.REASONING,): ("ReasonedStepIn", ReasonedData),
    (_I.REGISTRATION_NUMBER, _I.REASONING): ("RegisterIn", RegistrationData),
    (_I.CODES, _I.ELECTION, _I.TARGET_STAGE, _I.SANCTION_CATEGORY, _I.REASONING): (
        "DecideViolationIn",
        ViolationData,
    ),
    (_I.CODES, _I.ELECTION, _I.TARGET_STAGE, _I.REASONING): ("DecideCrimeIn", CrimeData),
    (_I.FORWARDED_TO, _I.REASONING): ("ForwardIn", ForwardData),
    (_I.VERDICT,): ("VerdictIn", VerdictData),
}
_SPECIAL: dict[str, tuple[str, type[StepData]]] = {
    workflow.RECOMMEND_SANCTION: ("RecommendSanctionIn", RecommendationData),
    workflow.RETURN_TO_BAWASLU: ("ReturnCaseIn", ReasonedData),
    workflow.FORM_EXAMINATION_TEAM: ("FormExaminationTeamIn", TeamData),
    workflow.RECORD_PPK_DECISION: ("RecordPpkDecisionIn", DecreeData),
}


def _step_schemas() -> tuple[type[_StepIn], ...]:
    actions: dict[tuple[str, type[StepData]], list[str]] = {}
    for row in workflow.TRANSITIONS:
        shape = _SPECIAL.get(row.key) or _BY_INPUTS[row.inputs]
        actions.setdefault(shape, []).append(row.key)
    return tuple(
        create_model(
            name,
            __base__=_StepIn,
            action=(cast(Any, Literal[tuple(keys)]), ...),
            data=(data, Field(default_factory=data)),
        )
        for (name, data), keys in actions.items()
    )


STEP_SCHEMAS = _step_schemas()
TransitionIn: Any = Annotated[Union[STEP_SCHEMAS], Field(discriminator="action")]  # noqa: UP007


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
    ppk: str = Field(description="The organisation the recommendations were addressed to.")
    received: int
    followed: int = Field(description="Same or heavier sanction than recommended: compliance.")
    lighter: int = Field(description="A lighter sanction than recommended.")
    not_followed: int = Field(description="No sanction imposed.")
    overdue: int = Field(description="No decree by the deadline.")
    pending: int
    in_time: int
    late: int


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
        state=query.state,
        overdue=query.overdue,
        region=query.region,
        agency=query.agency,
        category=query.category,
        election=query.election,
        open_only=not query.closed,
        q=query.q,
        scope=query.scope,
    )
    cases = selectors.work_queue(_token(request), filters, now=timezone.now())
    return list(cases.select_related("election")[query.offset : query.offset + query.limit])


@router.post(
    "/",
    response={201: CaseDetailOut, 409: ErrorOut, **ERRORS},
    summary="Register a case forwarded from another channel",
)
def register_case(request: HttpRequest, payload: ForwardedCaseIn) -> Any:
    token = _token(request)
    if not token.has_scope(ApiToken.Scope.ACT):
        raise PermissionDenied
    facts = services.NewCase(
        title=payload.title,
        civil_servant_name=payload.civil_servant_name,
        civil_servant_position=payload.civil_servant_position,
        civil_servant=adapters.civil_servant_by_nip(payload.civil_servant_nip.strip()),
        region=_region(payload.region_code),
        summary=payload.summary,
    )
    try:
        case = services.register_forwarded_case(
            facts=facts,
            channel=payload.channel,
            external_number=payload.external_number,
            received_at=payload.received_at,
            by=token,
            now=timezone.now(),
        )
    except services.ActionRefused as exc:
        if exc.code == "duplicate":
            raise HttpError(409, " ".join(exc.messages)) from exc
        raise
    except ValidationError as exc:
        # The service names the page form's field; the API's input calls it region_code.
        errors = getattr(exc, "error_dict", None)
        if errors and "region" in errors:
            raise ValidationError({"region_code": errors["region"]}) from exc
        raise
    return Status(201, _detail(token, case))


def _region(code: str) -> Region | None:
    """The region of a typed code; an unknown code is an error, not a case without a region."""
    if not code.strip():
        return None
    region = Region.objects.filter(code=code.strip()).first()
    if region is None:
        raise ValidationError({"region_code": [_("Unknown region code.")]})
    return region


@router.get(
    "/compliance",
    response={200: list[ComplianceOut], **ERRORS},
    summary="PPK compliance per PPK, over the cases the token sees",
)
def compliance(request: HttpRequest) -> Any:
    return selectors.ppk_compliance_for(_token(request))


@router.get("/{code}", response={200: CaseDetailOut, **ERRORS}, summary="One case")
def get_case(request: HttpRequest, code: str) -> Any:
    token = _token(request)
    return _detail(token, policies.get_case_for(token, code, "view"))


@router.get(
    "/{code}/timeline",
    response={200: list[EventOut], **ERRORS},
    summary="The case's hash-chained timeline",
)
def timeline(request: HttpRequest, code: str) -> Any:
    case = policies.get_case_for(_token(request), code, "view")
    return list(selectors.case_timeline(case).exclude(type=CaseEvent.Type.IDENTITY_VIEWED))


@router.post(
    "/{code}/transitions",
    response={200: CaseDetailOut, 409: ErrorOut, **ERRORS},
    summary="Move the case along the workflow",
    description="The body's `action` chooses the step and the shape of its `data`.",
)
def transition(request: HttpRequest, code: str, payload: Body[TransitionIn]) -> Any:
    token = _token(request)
    case = policies.get_case_for(token, code, "transition")
    if not policies.can_transition(token, case, payload.action):
        raise PermissionDenied
    try:
        case = services.transition(
            case=case,
            action=payload.action,
            by=token,
            now=timezone.now(),
            data=payload.data.model_dump(),
            expected_version=payload.expected_version,
        )
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
