"""Per-agency figures: repeat agencies and the inputs of the public neutrality index."""

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
)

from netral.cases import selectors as case_selectors
from netral.cases.models import Recommendation, Step
from netral.insights.figures.scope import Scope, cases_in
from netral.insights.figures.storage import stored


@stored
def repeat_agencies(scope: Scope, at_least: int = 2) -> list[dict[str, Any]]:
    """Agencies with `at_least` cases in scope (repeat cases): [{agency, code, cases,
    recommended}], most cases first."""
    rows = (
        cases_in(scope)
        .order_by()
        .filter(agency__isnull=False)
        .values("agency__code", "agency__name")
        .annotate(
            cases=Count("pk"),
            recommended=Count(
                "pk", filter=Q(Exists(Recommendation.objects.filter(case_id=OuterRef("pk"))))
            ),
        )
        .filter(cases__gte=at_least)
        .order_by("-cases", "agency__name")
    )
    return [
        {
            "agency": row["agency__name"],
            "code": row["agency__code"],
            "cases": row["cases"],
            "recommended": row["recommended"],
        }
        for row in rows
    ]


@dataclass(frozen=True)
class AgencyFigures:
    """One agency's cases in scope: how many, their steps and deadlines missed, and the
    recommendations with their outcomes (the inputs of the public neutrality index)."""

    code: str
    name: str
    cases: int
    steps: int
    missed: int
    received: int
    followed: int
    pending: int

    @property
    def decided(self) -> int:
        return self.received - self.pending

    @property
    def rate(self) -> float | None:
        """Share followed among the recommendations answered or past their deadline."""
        return None if self.decided == 0 else self.followed / self.decided


@stored
def agency_figures(scope: Scope) -> list[AgencyFigures]:
    """Per agency with a case in scope, in code order: three grouped queries, not one per agency."""
    cases = cases_in(scope).filter(agency__isnull=False)
    counted = cases.order_by().values("agency__code", "agency__name").annotate(n=Count("pk"))
    ids = cases.values("pk")
    steps = dict_by_agency(
        Step.objects.filter(case__in=ids),
        steps=Count("pk"),
        missed=Count("pk", filter=Q(missed_at__isnull=False)),
    )
    buckets = case_selectors.COMPLIANCE_BUCKETS
    recommendations = dict_by_agency(
        Recommendation.objects.filter(case__in=ids),
        received=Count("pk"),
        followed=Count("pk", filter=buckets["followed"]),
        pending=Count("pk", filter=buckets["pending"]),
    )
    none = {"steps": 0, "missed": 0, "received": 0, "followed": 0, "pending": 0}
    return [
        AgencyFigures(
            code=row["agency__code"],
            name=row["agency__name"],
            cases=row["n"],
            **{
                **none,
                **steps.get(row["agency__code"], {}),
                **recommendations.get(row["agency__code"], {}),
            },
        )
        for row in counted.order_by("agency__code")
    ]


def dict_by_agency(rows: QuerySet[Any], **counts: Any) -> dict[str, dict[str, int]]:
    """Counts of step or recommendation rows grouped by their case's agency code."""
    grouped = rows.order_by().values("case__agency__code").annotate(**counts)
    return {row.pop("case__agency__code"): row for row in grouped}
