"""Intake figures: the reports received and what became of them."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    F,
    Q,
)
from django.db.models.functions import Substr, TruncWeek

from netral.insights.figures.scope import Scope, _counted, _region_names, region_key, reports_in
from netral.insights.figures.storage import stored
from netral.reports.models import Category, Report

# ---------------------------------------------------------------------------------- intake


@dataclass(frozen=True)
class Intake:
    """Reports received and what became of them.

    - `total`: reports submitted in scope; `accepted` (a case was opened), `rejected` (not
      followed up), `duplicate` (merged into another report), `open` (still awaiting review
      or more information);
    - `tips`: reports that started as anonymous initial information; `tips_made_formal`: those
      the reporter later turned into a formal report (tip → formal conversion);
    - breakdowns: `by_channel`, `by_track`, `by_category`, `by_region` (provinces, or regencies
      inside a province: see `region_key`), each [{key, label, count}]; `by_week`: [{week
      (Monday), count}] in time order.
    """

    total: int
    accepted: int
    rejected: int
    duplicate: int
    open: int
    tips: int
    tips_made_formal: int
    by_channel: list[dict[str, Any]] = field(default_factory=list)
    by_track: list[dict[str, Any]] = field(default_factory=list)
    by_category: list[dict[str, Any]] = field(default_factory=list)
    by_region: list[dict[str, Any]] = field(default_factory=list)
    by_week: list[dict[str, Any]] = field(default_factory=list)

    def share(self, part: int) -> float | None:
        """`part` as a share of all reports (None when there are none)."""
        return None if self.total == 0 else part / self.total

    @property
    def conversion(self) -> float | None:
        """Share of tips that became formal reports."""
        return None if self.tips == 0 else self.tips_made_formal / self.tips


@stored
def intake(scope: Scope) -> Intake:
    """Reports received by channel, track, category, region and week, and their outcome shares."""
    rows = reports_in(scope)
    S = Report.Status
    converted = Q(formal_since__gt=F("submitted_at"))
    totals = rows.aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(status=S.ACCEPTED)),
        rejected=Count("pk", filter=Q(status=S.REJECTED)),
        duplicate=Count("pk", filter=Q(status=S.DUPLICATE)),
        open=Count("pk", filter=Q(status__in=[S.RECEIVED, S.INFO_REQUESTED])),
        tips=Count("pk", filter=Q(track=Report.Track.TIP) | converted),
        tips_made_formal=Count("pk", filter=converted),
    )
    width = region_key(scope)
    regions = (
        rows.order_by()
        .annotate(area=Substr("region__code", 1, width))
        .values("area")
        .annotate(count=Count("pk"))
        .order_by("area")
    )
    by_region: list[dict[str, Any]] = [dict(row) for row in regions]
    names = _region_names(row["area"] for row in by_region)
    weeks = (
        rows.order_by()
        .annotate(week=TruncWeek("submitted_at"))
        .values("week")
        .annotate(count=Count("pk"))
        .order_by("week")
    )
    return Intake(
        **{key: value or 0 for key, value in totals.items()},
        by_channel=_counted(rows, "channel", _labels(Report.Channel.choices)),
        by_track=_counted(rows, "track", _labels(Report.Track.choices)),
        by_category=_counted(rows, "category", _labels(Category.choices)),
        by_region=[
            {
                "key": row["area"],
                "label": names.get(row["area"], row["area"]),
                "count": row["count"],
            }
            for row in by_region
        ],
        by_week=[{"week": _day(row["week"]), "count": row["count"]} for row in weeks],
    )


def _labels(choices: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    return {str(key): str(label) for key, label in choices}


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None
