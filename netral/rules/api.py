"""JSON endpoints of the rules app: the catalogue, decision support, the self-check, deadlines.

Everything here is public law and pure computation: no authentication, no writes.
"""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import AliasChoices

from netral.core.api import IsoDate
from netral.core.text import echo
from netral.registry import families
from netral.rules import catalogue as cat
from netral.rules import deadlines, decision, selectors, selfcheck, zones

router = Router()

Lang = Literal["id", "en"]


class LegalBasisOut(Schema):
    instrument: str
    article: str
    verse: str
    letter: str
    number: str
    display: str


class SanctionOut(Schema):
    code: str
    level: str
    regime: str
    text: str
    legal_basis: str
    confidence: str
    asn_kinds: list[str]


class EntryOut(Schema):
    code: str
    category: str
    title: str
    confidence: str
    unverified: bool
    legal_basis: list[LegalBasisOut]
    version: str


class EntryDetailOut(EntryOut):
    description: str
    stage: str
    campaign: list[str]
    families: list[str]
    election_kinds: list[str] = Field(description="Deprecated: the same as `families`.")
    asn_kinds: list[str]
    forward_to: list[str]
    sanctions: list[SanctionOut]
    evidence: list[str]
    allowed_examples: list[str]
    forbidden_examples: list[str]
    confidence_note: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class FactsIn(Schema):
    act: str | None = Field(None, description="Act vocabulary key, see docs/rules.md")
    incident_date: IsoDate | None = None
    family: families.Family | None = Field(
        None,
        validation_alias=AliasChoices("family", "election_kind"),
        description="The election family; `election_kind` is still accepted (deprecated)",
    )
    asn_kind: str | None = Field(
        None, description="pns, pppk, or a non-ASN status such as village_head (docs/rules.md)"
    )
    target_status: Literal["bakal_calon", "calon"] | None = None
    designation_date: IsoDate | None = None
    interaction: Literal["post", "share", "comment", "like", "follow", "join_group"] | None = None
    medium: Literal[decision.MEDIA] | None = None  # type: ignore[valid-type]
    campaign_start: IsoDate | None = None
    campaign_end: IsoDate | None = None
    recommendation_date: IsoDate | None = Field(
        None, description="Day the recommendation is issued: it decides KASN or BKN"
    )


class DecisionOut(Schema):
    codes: list[str]
    sanction_category: str | None
    sanctions: list[SanctionOut]
    legal_basis: list[str]
    evidence_needed: list[str]
    forward_to: list[str]
    missing: list[str]
    explanation: str
    unverified: bool
    unverified_reasons: list[str]
    outside_asn: bool
    version: str


class AlternativeOut(Schema):
    fact: str
    value: str
    codes: list[str]
    sanction_category: str | None


class CheckOut(Schema):
    verdict: Literal["boleh", "tidak_boleh", "tergantung", "bukan_asn"]
    explanation: str
    decision: DecisionOut
    alternatives: list[AlternativeOut]


class DueOut(Schema):
    rule: str
    start: dt.date
    due_date: dt.date
    due_at: dt.datetime
    amount: int
    unit: Literal["calendar_days", "working_days"]
    legal_basis: str
    explanation: str
    unverified: bool
    zone: str = Field(description="WIB, WITA or WIT: the zone of the start day and of due_at")
    missing_years: list[int] = Field(
        description="Years of the counting window whose holidays are not loaded: the date is "
        "computed without them and must be checked"
    )
    calendar_warning: str = Field(description="'Kalender libur 2027 belum dimuat…' or empty")


class DeadlineRuleOut(Schema):
    key: str
    label: str
    amount: int
    unit: Literal["calendar_days", "working_days"]
    start_event: str
    legal_basis: str
    confidence: str
    family: families.Family | None


class VersionOut(Schema):
    id: str
    title: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    recommending_body: str
    confidence: str
    summary: str


class ChangeOut(Schema):
    code: str
    field: str
    before: str
    after: str


class DiffOut(Schema):
    a: str
    b: str
    added: list[str]
    removed: list[str]
    changed: list[ChangeOut]
    sanction_sets: list[ChangeOut]
    recommending_body: list[str] | None


def _sanction(sanction: cat.Sanction, lang: str) -> SanctionOut:
    return SanctionOut(
        code=sanction.code,
        level=sanction.level,
        regime=sanction.regime,
        text=sanction.text.get(lang),
        legal_basis=sanction.legal_basis.display,
        confidence=sanction.confidence,
        asn_kinds=list(sanction.asn_kinds),
    )


def _basis(item: cat.Entry) -> list[LegalBasisOut]:
    return [LegalBasisOut(**vars(basis)) for basis in item.legal_basis]


def _entry(item: cat.Entry, lang: str) -> EntryOut:
    return EntryOut(
        code=item.code,
        category=item.category,
        title=item.title.get(lang),
        confidence=item.confidence,
        unverified=item.unverified,
        legal_basis=_basis(item),
        version=item.version,
    )


@router.get("/entries", response=list[EntryOut], summary="Catalogue entries in force on a date")
def list_entries(
    request: HttpRequest,
    on: IsoDate | None = None,
    q: str = "",
    category: str = "",
    lang: Lang = "id",
) -> list[EntryOut]:
    version = cat.version_on(on or timezone.localdate())
    return [_entry(item, lang) for item in cat.ordered(cat.search(version, q, category))]


@router.get("/entries/{code}", response=EntryDetailOut, summary="One catalogue entry")
def get_entry(
    request: HttpRequest, code: str, on: IsoDate | None = None, lang: Lang = "id"
) -> EntryDetailOut:
    item = cat.entry(code.upper(), on or timezone.localdate())
    if item is None:
        raise Http404
    return EntryDetailOut(
        **_entry(item, lang).dict(),
        description=item.description.get(lang),
        stage=item.stage,
        campaign=list(item.campaign),
        families=list(item.families),
        election_kinds=list(item.families),
        asn_kinds=list(item.asn_kinds),
        forward_to=list(item.forward_to),
        sanctions=[_sanction(s, lang) for s in cat.sanctions_for(item)],
        evidence=[text.get(lang) for text in item.evidence],
        allowed_examples=list(item.allowed_examples),
        forbidden_examples=list(item.forbidden_examples),
        confidence_note=item.confidence_note.get(lang) if item.confidence_note else "",
        valid_from=item.valid_from,
        valid_to=item.valid_to,
    )


def _facts(payload: FactsIn) -> decision.Facts:
    if payload.act is not None and payload.act not in decision.acts():
        raise ValidationError({"act": [_("Unknown act %(act)s.") % {"act": echo(payload.act)}]})
    if payload.asn_kind is not None and payload.asn_kind not in cat.catalogue().subjects:
        message = _("Unknown status %(kind)s of the person reported.")
        raise ValidationError({"asn_kind": [message % {"kind": payload.asn_kind}]})
    start, end = payload.campaign_start, payload.campaign_end
    if (start is None) != (end is None) or (start and end and end < start):
        raise ValidationError(
            {
                "campaign_end": [
                    _("Give both days of the campaign period, the last not before the first.")
                ]
            }
        )
    return decision.Facts(
        act=payload.act,
        incident_date=payload.incident_date,
        family=payload.family,
        asn_kind=payload.asn_kind,
        target_status=payload.target_status,
        designation_date=payload.designation_date,
        interaction=payload.interaction,
        medium=payload.medium,
        campaign_period=(start, end) if start and end else None,
        recommendation_date=payload.recommendation_date,
    )


def _decision(result: decision.Decision, explanation: str, lang: str) -> DecisionOut:
    return DecisionOut(
        codes=list(result.codes),
        sanction_category=result.sanction_category,
        sanctions=[_sanction(s, lang) for s in result.sanctions],
        legal_basis=list(result.legal_basis),
        evidence_needed=[text.get(lang) for text in result.evidence_needed],
        forward_to=list(result.forward_to),
        missing=list(result.missing),
        explanation=explanation,
        unverified=result.unverified,
        unverified_reasons=[reason.get(lang) for reason in result.reasons],
        outside_asn=result.outside_asn,
        version=result.version,
    )


@router.post("/decide", response=DecisionOut, summary="Decision support for a set of facts")
def decide(request: HttpRequest, payload: FactsIn, lang: Lang = "id") -> DecisionOut:
    facts = _facts(payload)
    return _decision(decision.decide(facts), decision.explanation_for(facts, lang), lang)


@router.post("/check", response=CheckOut, summary="Boleh atau tidak? The public self-check")
def check(request: HttpRequest, payload: FactsIn, lang: Lang = "id") -> CheckOut:
    answer = selfcheck.answer(_facts(payload), lang)
    return CheckOut(
        verdict=answer.verdict,  # type: ignore[arg-type]
        explanation=answer.explanation,
        decision=_decision(answer.decision, answer.explanation, lang),
        alternatives=[
            AlternativeOut(
                fact=fact,
                value=value,
                codes=list(alt.codes),
                sanction_category=alt.sanction_category,
            )
            for fact, value, alt in answer.alternatives
        ],
    )


class DueQuery(Schema):
    rule: str = Field(description="A rule key, or a workflow key (bawaslu.examination) with family")
    start: IsoDate
    family: families.Family | None = None
    region: str = Field("", description="Kepmendagri region code: its province sets the zone")
    lang: Lang = "id"


@router.get("/due", response=DueOut, summary="A deadline counted from a start day")
def due(request: HttpRequest, query: Query[DueQuery]) -> DueOut:
    try:
        zone = zones.zone_for_region(query.region)
    except zones.UnknownRegion as exc:
        raise ValidationError({"region": [str(exc)]}) from exc
    try:
        result = deadlines.due(
            query.start,
            query.rule,
            family=query.family,
            zone=zone,
            holidays=selectors.holiday_dates(),
        )
    except deadlines.DeadlineInputError as exc:
        field = "start" if "year" in exc.params else "rule"
        raise ValidationError({field: [str(exc)]}) from exc
    return DueOut(
        rule=result.rule_key,
        start=result.start,
        due_date=result.due_date,
        due_at=result.due_at,
        amount=result.amount,
        unit=result.unit.value,
        legal_basis=result.legal_basis,
        explanation=result.explanation_in(query.lang),
        unverified=result.unverified,
        zone=result.zone.label,
        missing_years=list(result.missing_years),
        calendar_warning=result.calendar_warning_in(query.lang),
    )


@router.get("/deadline-rules", response=list[DeadlineRuleOut], summary="Every deadline rule")
def deadline_rules(request: HttpRequest, lang: Lang = "id") -> list[DeadlineRuleOut]:
    return [
        DeadlineRuleOut(
            key=rule.key,
            label=rule.label.get(lang),
            amount=rule.amount_in_force(),
            unit=rule.unit.value,
            start_event=rule.start_event.get(lang),
            legal_basis=rule.legal_basis.display,
            confidence=rule.confidence,
            family=families.Family(rule.family) if rule.family else None,
        )
        for rule in deadlines.rules().values()
    ]


@router.get("/versions", response=list[VersionOut], summary="Catalogue versions")
def versions(request: HttpRequest, lang: Lang = "id") -> list[VersionOut]:
    return [
        VersionOut(
            id=v.id,
            title=v.title.get(lang),
            valid_from=v.valid_from,
            valid_to=v.valid_to,
            recommending_body=v.recommending_body,
            confidence=v.confidence_floor,
            summary=v.summary.get(lang),
        )
        for v in cat.catalogue().versions
    ]


@router.get("/versions/diff", response=DiffOut, summary="Differences between two versions")
def version_diff(request: HttpRequest, a: str, b: str) -> DiffOut:
    known = {v.id for v in cat.catalogue().versions}
    for name, value in (("a", a), ("b", b)):
        if value not in known:
            raise ValidationError(
                {name: [_("Unknown version %(version)s.") % {"version": echo(value)}]}
            )
    result = cat.diff(a, b)
    return DiffOut(
        a=result.a,
        b=result.b,
        added=list(result.added),
        removed=list(result.removed),
        changed=[_change(c) for c in result.changed],
        sanction_sets=[_change(c) for c in result.sanction_sets],
        recommending_body=list(result.recommending_body) if result.recommending_body else None,
    )


def _change(change: cat.FieldChange) -> ChangeOut:
    return ChangeOut(
        code=change.code, field=change.field, before=str(change.before), after=str(change.after)
    )
