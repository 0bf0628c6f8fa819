"""Enforcement figures: sanction recommendations, how the PPKs answered them, escalation, and the
violations and sanctions per catalogue code."""

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
)

from netral.cases import adapters as case_adapters
from netral.cases import selectors as case_selectors
from netral.cases.models import Recommendation
from netral.insights.figures.scope import Scope, cases_in
from netral.insights.figures.storage import stored

# ---------------------------------------------------------------------------------- enforcement


@dataclass(frozen=True)
class Outcomes:
    """Sanction recommendations in scope and how the PPKs answered them.

    `followed` (same or heavier sanction), `lighter` (followed_lighter), `not_followed` (no
    sanction), `overdue` (no decree and the deadline passed), `pending` (no decree, still in
    time) — the decree's outcome as cases derives it (`cases.selectors.COMPLIANCE_BUCKETS`).
    `per_ppk` is the compliance table of /kasus/kepatuhan-ppk/ for the same cases.
    """

    received: int
    followed: int
    lighter: int
    not_followed: int
    overdue: int
    pending: int
    per_ppk: list[case_selectors.Compliance]

    @property
    def decided(self) -> int:
        """Recommendations answered or past their deadline: the denominator of `rate`."""
        return self.received - self.pending

    @property
    def rate(self) -> float | None:
        """Share followed among the recommendations answered or past their deadline."""
        return None if self.decided == 0 else self.followed / self.decided

    def rows(self) -> list[dict[str, Any]]:
        """[{key, count}] in the compliance page's order, for a chart and its table."""
        return [
            {"key": key, "count": getattr(self, key)}
            for key in ("followed", "lighter", "not_followed", "overdue", "pending")
        ]


_BUCKETS = tuple(case_selectors.COMPLIANCE_BUCKETS)


@stored
def recommendation_outcomes(scope: Scope) -> Outcomes:
    """Recommendations to the PPKs for the cases in scope, by outcome, in total and per PPK."""
    per_ppk = case_selectors.ppk_compliance(cases_in(scope))
    totals = {key: sum(getattr(row, key) for row in per_ppk) for key in ("received", *_BUCKETS)}
    return Outcomes(**totals, per_ppk=per_ppk)


@stored
def escalation_reached(scope: Scope) -> list[dict[str, Any]]:
    """Recommendations by the highest escalation rung reached (0: none): [{level, count}]."""
    rows = (
        Recommendation.objects.filter(case__in=cases_in(scope).values("pk"))
        .order_by()
        .values("escalation_level")
        .annotate(count=Count("pk"))
        .order_by("escalation_level")
    )
    return [{"level": row["escalation_level"], "count": row["count"]} for row in rows]


@stored
def violations_by_code(scope: Scope) -> list[dict[str, Any]]:
    """Per catalogue code: cases in scope citing it and, of those, cases where a sanction was
    recommended (the violation established): [{code, title, cases, recommended}], most cited
    first; codes no case cites are left out."""
    catalogue = case_adapters.catalogue()
    counts = case_selectors.code_counts(cases_in(scope), list(catalogue))
    rows = [
        {"code": code, "title": catalogue[code].title, **numbers}
        for code, numbers in counts.items()
        if numbers["cases"]
    ]
    return sorted(rows, key=lambda row: (-row["cases"], row["code"]))


@stored
def sanctions_by_code(scope: Scope) -> list[dict[str, Any]]:
    """Recommended sanction category vs the decree's outcome, per category: [{category,
    received, followed, lighter, not_followed}] — consistency across PPKs."""
    buckets = case_selectors.COMPLIANCE_BUCKETS
    rows = (
        Recommendation.objects.filter(case__in=cases_in(scope).values("pk"))
        .order_by()
        .values("sanction_category")
        .annotate(
            received=Count("pk"),
            followed=Count("pk", filter=buckets["followed"]),
            lighter=Count("pk", filter=buckets["lighter"]),
            not_followed=Count("pk", filter=buckets["not_followed"]),
        )
        .order_by("sanction_category")
    )
    names = case_adapters.sanction_categories()
    return [
        {**row, "label": names.get(row["sanction_category"], row["sanction_category"])}
        for row in rows
    ]
