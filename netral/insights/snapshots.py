"""The monthly compliance snapshot: one row per agency and per region (province, regency or
city) for a month, computed from the live data and kept, so that trends survive later changes.

Per row: reports and cases received in the month, violations (cases for which a sanction was
recommended in the month), the registry's headcount (active civil servants of the agency, or of
the agencies in the region; none where the registry holds none), how the month's
recommendations were answered so far, and the median days from receipt to the decisions taken
in the month. Every count is one grouped query; recomputing a month replaces its rows.
"""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr

from netral.cases import selectors as case_selectors
from netral.cases.models import Case, CaseDecision, Recommendation
from netral.insights import figures, services
from netral.insights.models import ComplianceSnapshot, InsightEvent
from netral.registry.models import CivilServant
from netral.reports.models import Report

Key = tuple[str, Any]  # ("agency", agency id) or ("region", region code)
_FIELDS = ("reports", "cases", "violations", "recommendations", "followed", "lighter",
           "not_followed", "pending")  # fmt: skip


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the month holding `month`."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def _in_month(rows: QuerySet[Any], field: str, first: dt.date, last: dt.date) -> QuerySet[Any]:
    return rows.filter(**{f"{field}__date__gte": first, f"{field}__date__lte": last}).order_by()


def _grouped(
    rows: QuerySet[Any], agency: str, region: str, **aggregates: Any
) -> dict[Key, dict[str, int]]:
    """Counts per agency (column `agency`), per province and regency (column `region`), and
    for the whole country (region "")."""
    found: dict[Key, dict[str, int]] = {}
    total = rows.aggregate(**aggregates)
    if any(total.values()):
        found[("region", "")] = {k: v or 0 for k, v in total.items()}
    for row in rows.values(agency).annotate(**aggregates).filter(**{f"{agency}__isnull": False}):
        found[("agency", row[agency])] = {k: row[k] for k in aggregates}
    for width in (2, 5):
        area = rows.annotate(area=Substr(region, 1, width)).values("area").annotate(**aggregates)
        for row in area.exclude(area=""):
            if width == 5 and len(row["area"]) < 5:
                continue
            found[("region", row["area"])] = {k: row[k] for k in aggregates}
    return found


def _headcounts() -> dict[Key, int]:
    """Active civil servants per agency and per province and regency of their agency."""
    active = CivilServant.objects.filter(status=CivilServant.Status.ACTIVE).order_by()
    found: dict[Key, int] = {}
    for row in active.values("agency_id").annotate(n=Count("pk")).filter(agency_id__isnull=False):
        found[("agency", row["agency_id"])] = row["n"]
    for width in (2, 5):
        area = active.annotate(area=Substr("agency__region__code", 1, width))
        grouped = area.values_list("area").annotate(n=Count("pk")).exclude(area__isnull=True)
        for code, count in grouped:
            if code and (width == 2 or len(code) == 5):
                found[("region", code)] = count
    return found


def _decision_days(first: dt.date, last: dt.date) -> dict[Key, float | None]:
    """Median days from receipt to the decisions taken in the month, per agency and region
    (one ordered query per group that has decisions)."""
    decisions = _in_month(CaseDecision.objects.all(), "decided_at", first, last)
    took = F("decided_at") - F("case__received_at")
    groups = _grouped(decisions, "case__agency_id", "case__region_code", n=Count("pk"))
    result: dict[Key, float | None] = {}
    for kind, value in groups:
        subset = decisions
        if kind == "agency":
            subset = decisions.filter(case__agency_id=value)
        elif len(value) == 2:
            subset = decisions.filter(case__province_code=value)
        elif len(value) == 5:
            subset = decisions.filter(case__regency_code=value)
        result[(kind, value)] = figures.percentile(subset, took, 0.5)
    return result


def compute_month(month: dt.date, *, now: dt.datetime) -> int:
    """Computes (or recomputes) the snapshot rows of the month holding `month`; returns how
    many rows it kept. Groups with nothing in the month get no row."""
    first, last = month_bounds(month)
    rows: dict[Key, dict[str, Any]] = defaultdict(dict)
    reports = _in_month(Report.objects.all(), "submitted_at", first, last)
    for key, counts in _grouped(reports, "agency_id", "region__code", reports=Count("pk")).items():
        rows[key].update(counts)
    cases = _in_month(Case.objects.all(), "received_at", first, last)
    for key, counts in _grouped(cases, "agency_id", "region_code", cases=Count("pk")).items():
        rows[key].update(counts)
    recommended = _in_month(Recommendation.objects.all(), "issued_at", first, last)
    buckets = case_selectors.COMPLIANCE_BUCKETS
    answered = _grouped(
        recommended,
        "case__agency_id",
        "case__region_code",
        violations=Count("case_id", distinct=True),
        recommendations=Count("pk"),
        followed=Count("pk", filter=buckets["followed"]),
        lighter=Count("pk", filter=buckets["lighter"]),
        not_followed=Count("pk", filter=buckets["not_followed"]),
        pending=Count("pk", filter=buckets["pending"] | buckets["overdue"]),
    )
    for key, counts in answered.items():
        rows[key].update(counts)
    days = _decision_days(first, last)
    for key in days:
        rows[key]  # noqa: B018 - a group with decisions only still gets its row
    heads = _headcounts()
    heads[("region", "")] = sum(n for (kind, value), n in heads.items() if kind == "agency")
    snapshots = [
        ComplianceSnapshot(
            month=first,
            kind=kind,
            agency_id=value if kind == "agency" else None,
            region_code=value if kind == "region" else "",
            headcount=heads.get((kind, value)),
            decision_days=days.get((kind, value)),
            computed_at=now,
            **{name: counts.get(name, 0) for name in _FIELDS},
        )
        for (kind, value), counts in rows.items()
    ]
    with transaction.atomic():
        ComplianceSnapshot.objects.filter(month=first).delete()
        ComplianceSnapshot.objects.bulk_create(snapshots, batch_size=1000)
        services.record(
            InsightEvent.Type.SNAPSHOT_COMPUTED,
            by=None,
            now=now,
            month=first.isoformat(),
            rows=len(snapshots),
        )
    return len(snapshots)


def trend(
    *, agency_id: int | None = None, region_code: str = "", months: int = 12
) -> list[ComplianceSnapshot]:
    """The kept snapshots of one agency or one region, oldest first (the last `months`)."""
    rows = ComplianceSnapshot.objects.filter(
        Q(kind=ComplianceSnapshot.Kind.AGENCY, agency_id=agency_id)
        if agency_id
        else Q(kind=ComplianceSnapshot.Kind.REGION, region_code=region_code)
    ).order_by("-month")[:months]
    return list(reversed(list(rows)))
