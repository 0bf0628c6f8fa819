"""Reads beyond a QuerySet method: the work queue, the timeline, PPK compliance, public progress.

Every staff read starts from `policies.visible_cases`, so a visibility bug is fixed in one place.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.cases import events, policies, workflow
from netral.cases.models import Case, CaseEvent, DecreeOutcome, Notification, Recommendation
from netral.cases.models.case import CaseQuerySet
from netral.cases.models.decisions import COMPLIANT
from netral.core import when
from netral.registry.models import Region


@dataclass(frozen=True)
class QueueFilters:
    """What the queue page and the API filter on; every field optional."""

    state: str = ""
    overdue: bool = False
    region: str = ""
    agency: str = ""
    category: str = ""
    election: str = ""
    mine: bool = False
    open_only: bool = True
    q: str = ""
    scope: str = "owned"  # owned | handed_on | region | all
    ppk: str = ""  # the name of the PPK recommended to (from the compliance page)
    compliance: str = ""  # a key of COMPLIANCE_BUCKETS
    received_from: dt.date | None = None  # the period, inclusive days of receipt
    received_to: dt.date | None = None


SCOPES = {
    "owned": policies.owned_cases,
    "handed_on": policies.handed_on_cases,
    "region": policies.overseen_cases,
    "all": policies.visible_cases,
}


OPEN_STATES = tuple(s.value for s in workflow.State if s not in workflow.TERMINAL)


def _stages_of(filters: QueueFilters) -> tuple[str, ...] | None:
    """The stages the queue's filters keep, or None for every stage."""
    if filters.state:
        return (filters.state,)
    if filters.open_only or filters.overdue:
        return OPEN_STATES
    return None


def search_q(text: str) -> Q:
    """The queue's free-text search: a case's whole code, or a piece of its title or of the
    civil servant's name, in any case. On PostgreSQL the trigram index
    `cases_case_search_trgm` (migration cases 0017) serves all three; on SQLite a plain scan."""
    term = text.strip()
    return Q(code__iexact=term) | Q(title__icontains=term) | Q(civil_servant_name__icontains=term)


def work_queue(
    principal: policies.Principal, filters: QueueFilters, *, now: dt.datetime
) -> CaseQuerySet:
    """The cases a principal sees, filtered, soonest deadline first (none last).

    By default the organisation's own work (the cases it owns); the other scopes are the cases
    it handed on, those in its region (Bawaslu oversight), or everything it may read.
    """
    scope = SCOPES.get(filters.scope, policies.owned_cases)
    if scope is policies.owned_cases:
        cases = policies.owned_cases(principal, states=_stages_of(filters))
    else:
        cases = scope(principal)
    if filters.state:
        cases = cases.filter(state=filters.state)
    elif filters.open_only:
        cases = cases.open()
    if filters.overdue:
        cases = cases.overdue(now)
    if filters.region:
        cases = cases.filter(Region.within_q([filters.region], "region_code"))
    if filters.agency:
        cases = cases.filter(agency__code=filters.agency)
    if filters.category:
        cases = cases.filter(sanction_category=filters.category)
    if filters.election:
        cases = cases.filter(election__code=filters.election)
    if filters.received_from:
        cases = cases.filter(received_at__date__gte=filters.received_from)
    if filters.received_to:
        cases = cases.filter(received_at__date__lte=filters.received_to)
    if filters.mine and principal is not None:
        cases = cases.filter(assignee_id=getattr(principal, "pk", None))
    if filters.ppk or filters.compliance:
        cases = cases_in_bucket(cases, filters.ppk, filters.compliance)
    if filters.q:
        cases = cases.filter(search_q(filters.q))
    # The key ends with the primary key so that pages never repeat or skip a case on ties.
    return cases.select_related("owner", "assignee", "agency", "region").order_by(
        "due_at", "-received_at", "-pk"
    )


def unread_count(user: Any) -> int:
    """The bell: unread notices addressed to this person."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications(user: Any, limit: int = 50) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("case")[:limit]


def case_timeline(case: Case, *, include_reads: bool = True) -> QuerySet[CaseEvent]:
    """The case's events in order; reads of protected data may be left out for readers."""
    events = case.events.select_related("organisation").order_by("seq")
    if not include_reads:
        events = events.exclude(
            type__in=[
                CaseEvent.Type.IDENTITY_VIEWED,
                CaseEvent.Type.DOCUMENT_DOWNLOADED,
                CaseEvent.Type.EVIDENCE_DOWNLOADED,
            ]
        )
    return events


def current_steps(case: Case) -> list[Any]:
    return list(case.steps.filter(closed_at__isnull=True).select_related("organisation"))


# ------------------------------------------------------------------------------ PPK compliance


# How a recommendation stands, as the compliance page splits it: the decree's derived outcome,
# or, with no decree yet, overdue once the deadline passed, else pending. Only "followed" is
# compliance.
_S, _O = Recommendation.Status, DecreeOutcome
COMPLIANCE_BUCKETS: dict[str, Q] = {
    "followed": Q(outcome__in=COMPLIANT),
    "lighter": Q(outcome=_O.FOLLOWED_LIGHTER),
    "not_followed": Q(outcome=_O.NOT_FOLLOWED),
    "overdue": Q(outcome="", status=_S.IGNORED),
    "pending": Q(outcome="", status=_S.RECEIVED),
}


@dataclass(frozen=True)
class ComplianceFilters:
    """What the compliance page narrows to; every field optional (codes, as in the queue)."""

    election: str = ""
    region: str = ""
    agency: str = ""


@dataclass(frozen=True)
class Compliance:
    """How one PPK (the organisation the recommendations were addressed to) answered them."""

    ppk_id: int | None
    ppk: str
    received: int
    followed: int
    lighter: int
    not_followed: int
    overdue: int
    pending: int
    in_time: int
    late: int

    @property
    def rate(self) -> float | None:
        """Share followed among the recommendations answered or past their deadline."""
        decided = self.received - self.pending
        return None if decided == 0 else self.followed / decided


def _filtered[M: models.Model](
    rows: QuerySet[M], filters: ComplianceFilters, through: str = ""
) -> QuerySet[M]:
    """Rows narrowed to the filters' election, region and agency; `through` reaches the case
    from another model ("case__" for recommendations)."""
    if filters.election:
        rows = rows.filter(**{f"{through}election__code": filters.election})
    if filters.region:
        rows = rows.filter(Region.within_q([filters.region], f"{through}region_code"))
    if filters.agency:
        rows = rows.filter(**{f"{through}agency__code": filters.agency})
    return rows


def ppk_compliance(
    cases: QuerySet[Case] | None = None, filters: ComplianceFilters | None = None
) -> list[Compliance]:
    """Per PPK: recommendations received, and how each stands (followed, lighter, not followed,
    overdue, pending), with how many were acted on in time or late.

    Without `cases` it counts every recommendation (aggregates only, for dashboards); with a
    queryset (e.g. `policies.visible_cases(user)`) only those cases' recommendations.
    """
    rows = Recommendation.objects.all()
    if cases is not None:
        scoped = _filtered(cases, filters or ComplianceFilters())
        rows = rows.filter(case__in=scoped.values("pk"))
    elif filters is not None:
        # Every case counts: the filters join the recommendation's own case, with no semi-join
        # against the whole case table (the national table, issue 13's 100k measurement).
        rows = _filtered(rows, filters, through="case__")
    buckets = {key: Count("pk", filter=q) for key, q in COMPLIANCE_BUCKETS.items()}
    counted = (
        rows.values("addressed_to_id", "addressed_to__name")
        .annotate(
            received=Count("pk"),
            in_time=Count("pk", filter=Q(status=_S.ACTED_IN_TIME)),
            late=Count("pk", filter=Q(status=_S.LATE)),
            **buckets,
        )
        .order_by("addressed_to__name")
    )
    counts: list[dict[str, Any]] = [dict(row) for row in counted]
    return [
        Compliance(
            ppk_id=row["addressed_to_id"],
            ppk=row["addressed_to__name"],
            **{key: row[key] for key in ("received", "in_time", "late", *COMPLIANCE_BUCKETS)},
        )
        for row in counts
    ]


def ppk_compliance_for(
    principal: policies.Principal, filters: ComplianceFilters | None = None
) -> list[Compliance]:
    filters = filters or ComplianceFilters()
    if policies.sees_national_compliance(principal):
        return ppk_compliance(None, filters)
    return ppk_compliance(policies.visible_cases(principal), filters)


def cases_in_bucket[Q_: QuerySet[Case]](cases: Q_, ppk: str, bucket: str) -> Q_:
    """The cases whose recommendation to that PPK stands in that compliance bucket."""
    rows = Recommendation.objects.all()
    if ppk:
        rows = rows.filter(addressed_to__name=ppk)
    if bucket in COMPLIANCE_BUCKETS:
        rows = rows.filter(COMPLIANCE_BUCKETS[bucket])
    return cases.filter(pk__in=rows.values("case_id"))


# ------------------------------------------------------------------------------ public progress

_PUBLIC_OUTCOMES = {
    workflow.Outcome.NO_VIOLATION: _("Examined: not a violation."),
    workflow.Outcome.NOT_PROVEN: _("Examined: the violation was not proven."),
    workflow.Outcome.ARCHIVED: _("Kept as information; no further action."),
    workflow.Outcome.SANCTIONED: _("A sanction was imposed and followed up."),
    workflow.Outcome.LIGHTER_SANCTION: _("A lighter sanction than recommended was imposed."),
    workflow.Outcome.NO_SANCTION: _("No sanction was imposed."),
    workflow.Outcome.COURT_VERDICT: _("The court has decided."),
    workflow.Outcome.INVESTIGATION_STOPPED: _("The investigation was stopped."),
    workflow.Outcome.OMBUDSMAN_CONCLUDED: _("The Ombudsman has concluded."),
    workflow.Outcome.FORWARDED_ELSEWHERE: _("Forwarded to KPU or DKPP."),
    workflow.Outcome.DUPLICATE: _("Handled together with another report."),
    workflow.Outcome.MERGED: _("Handled together with another report."),
}


def public_progress(report: Any) -> dict[str, Any] | None:
    """What the reporter may see on the receipt page: stages reached and when, never names,
    organisations' internals or reasoning. None while no case was opened from the report."""
    case = Case.objects.filter(source_ref=getattr(report, "code", "")).first()
    if case is None:
        return None
    if case.duplicate_of is not None:  # the report is handled in the case that continues
        case = case.duplicate_of
    reached = _stage_dates(case)
    current = public_stage(case.state)
    stages = [
        {
            "key": stage.value,
            "label": str(stage.label),
            "reached_on": reached.get(stage.value),
            "current": stage.value == current,
        }
        for stage in workflow.Shown
        if stage.value in reached or stage.value == current
    ]
    outcome = _PUBLIC_OUTCOMES.get(workflow.Outcome(case.outcome)) if case.outcome else None
    return {
        "case_code": case.code,
        "stages": stages,
        "closed": case.is_closed,
        "outcome": str(outcome) if outcome else "",
    }


def public_stage(state: str) -> str:
    """The key of the stage the reporter sees for a workflow state ("received", "review", …)."""
    return str(workflow.State(state).shown.value)


def _stage_dates(case: Case) -> dict[str, dt.date]:
    """The day each public stage was first reached: from the steps each stage opened (every
    stage but the last opens one) and the case's closing time."""
    reached: dict[str, dt.date] = {"received": timezone.localdate(case.received_at)}
    opened = case.steps.filter(kind__in=list(workflow.State))
    moments = list(opened.order_by("opened_at", "pk").values_list("kind", "opened_at"))
    if case.closed_at is not None:
        moments.append((workflow.State.CLOSED, case.closed_at))
    for kind, at in moments:
        reached.setdefault(workflow.State(kind).shown.value, timezone.localdate(at))
    return reached


# ------------------------------------------------------------------------------ timeline rows


_DETAIL_LABELS = {
    "reasoning": _("Reasoning"),
    "codes": _("Codes"),
    "sanction_category": _("Sanction category"),
    "registration_number": _("Registration number"),
    "decree_number": _("Decree number"),
    "decree_date": _("Decree date"),
    "sanction": _("Sanction"),
    "verdict": _("Verdict"),
    "forwarded_to": _("Forwarded to"),
    "note": _("Note"),
    "conflict_of_interest": _("Conflict of interest"),
    "examination_team": _("Examination team"),
    "reason": _("Reason"),
}


def timeline_rows(case: Case) -> list[dict[str, Any]]:
    """The timeline as people read it: what happened, who, for which organisation, details."""
    rows = []
    for event in case_timeline(case):
        details = [
            (str(label), _shown(_dated(key, events.named(key, event.payload[key]))))
            for key, label in _DETAIL_LABELS.items()
            if event.type != CaseEvent.Type.TAGGED and event.payload.get(key)
        ]
        rows.append(
            {
                "seq": event.seq,
                "at": event.at,
                "type": event.type,
                "label": event.get_type_display(),
                "headline": events.CASE_EVENTS.headline(event.type, event.payload),
                "actor": event.actor_label
                if event.actor_label != "system"
                else _("Netral (automatic)"),
                "organisation": event.organisation.name if event.organisation else "",
                "details": details,
                "is_read": event.type
                in (
                    CaseEvent.Type.IDENTITY_VIEWED,
                    CaseEvent.Type.DOCUMENT_DOWNLOADED,
                    CaseEvent.Type.EVIDENCE_DOWNLOADED,
                ),
                "hash": event.hash[:12],
            }
        )
    return rows


def _dated(key: str, value: Any) -> Any:
    """A date kept as ISO text in the payload, shown as the project shows dates."""
    return when.when(value) if key.endswith("_date") else value


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{v}" for v in value.values())
    return str(value)


def code_rows(codes: list[str]) -> list[dict[str, Any]]:
    from netral.cases import adapters

    catalogue = adapters.catalogue()
    return [
        {
            "code": c,
            "title": catalogue[c].title if c in catalogue else "",
            "basis": catalogue[c].legal_basis if c in catalogue else "",
            "verified": catalogue[c].verified if c in catalogue else False,
        }
        for c in codes
    ]


# ------------------------------------------------------------------------------ codes


def code_counts(cases: QuerySet[Case], codes: list[str]) -> dict[str, dict[str, int]]:
    """Per catalogue code: the cases citing it, and among them those sent on with a sanction
    recommendation (the violation established). One aggregate query, portable: the codes are a
    JSON list, matched as the quoted code in its text (codes never contain a quote)."""
    if not codes:
        return {}
    if connection.vendor == "postgresql":
        return _code_counts_unnested(cases, codes)
    recommended = Q(pk__in=Recommendation.objects.values("case_id"))
    aggregates: dict[str, Any] = {}
    for index, code in enumerate(codes):
        cites = Q(codes__icontains=f'"{code}"')
        aggregates[f"c{index}"] = Count("pk", filter=cites)
        aggregates[f"r{index}"] = Count("pk", filter=cites & recommended)
    row = cases.aggregate(**aggregates)
    return {
        code: {"cases": row[f"c{index}"] or 0, "recommended": row[f"r{index}"] or 0}
        for index, code in enumerate(codes)
    }


def _code_counts_unnested(cases: QuerySet[Case], codes: list[str]) -> dict[str, dict[str, int]]:
    """`code_counts` in one pass on PostgreSQL: each case's codes unnested and grouped, instead
    of one text match per code and case. The same counts: a case counts once per code it cites
    (in any letter case), and as recommended when it has a recommendation."""
    inner = cases.order_by().annotate(
        _recommended=Exists(Recommendation.objects.filter(case_id=OuterRef("pk")))
    )
    sql, params = inner.values("pk", "codes", "_recommended").query.sql_with_params()
    query = f"""
        SELECT UPPER(code.value), COUNT(DISTINCT scoped.id),
               COUNT(DISTINCT scoped.id) FILTER (WHERE scoped._recommended)
        FROM ({sql}) AS scoped (id, codes, _recommended)
        CROSS JOIN LATERAL jsonb_array_elements_text(
            CASE WHEN jsonb_typeof(scoped.codes) = 'array' THEN scoped.codes ELSE '[]' END
        ) AS code (value)
        GROUP BY 1
    """  # noqa: S608 - the inner query is Django's, with its parameters
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        found = {code: (n, r) for code, n, r in cursor.fetchall()}
    counted = {code: found.get(code.upper(), (0, 0)) for code in codes}
    return {code: {"cases": n, "recommended": r} for code, (n, r) in counted.items()}


# Closings that say no violation happened (or that the case is another one).
_NOT_A_VIOLATION = [
    workflow.Outcome.NO_VIOLATION,
    workflow.Outcome.NOT_PROVEN,
    workflow.Outcome.ARCHIVED,
    workflow.Outcome.DUPLICATE,
    workflow.Outcome.MERGED,
]


def violation_cases_about_staff(agency: Any) -> QuerySet[Case]:
    """Cases naming a registry civil servant of `agency`, except those closed as no violation.

    For aggregate evaluations elsewhere (prevention compares pledge signers and non-signers);
    callers count, they do not show the cases.
    """
    return Case.objects.filter(civil_servant__agency=agency).exclude(outcome__in=_NOT_A_VIOLATION)
