"""Handling figures: cases by stage and region, the time each legal stage took, and deadlines
missed."""

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)
from django.db.models.functions import Substr

from netral.cases import workflow
from netral.cases.models import Step
from netral.insights.figures.scope import Scope, _region_names, cases_in, region_key
from netral.insights.figures.storage import stored

# ---------------------------------------------------------------------------------- handling


@stored
def cases_by_stage(scope: Scope) -> list[dict[str, Any]]:
    """Cases in scope by their current workflow stage, in workflow order: [{key, label, count}]
    (stages with no case are left out)."""
    counts = dict(cases_in(scope).order_by().values_list("state").annotate(n=Count("pk")))
    return [
        {"key": str(state), "label": str(label), "count": counts[state]}
        for state, label in workflow.STATE_LABELS.items()
        if counts.get(state)
    ]


@stored
def cases_by_region(scope: Scope, width: int | None = None) -> list[dict[str, Any]]:
    """Cases in scope by area (provinces for the country, regencies inside a province; `width`
    5 asks for regencies and cities whatever the scope): [{key, label, count, open, overdue}]
    in code order."""
    width = width or region_key(scope)
    now = dt.datetime.now(tz=dt.UTC)
    rows = (
        cases_in(scope)
        .order_by()
        .annotate(area=Substr("region_code", 1, width))
        .values("area")
        .annotate(
            count=Count("pk"),
            open=Count("pk", filter=~Q(state=workflow.State.CLOSED)),
            overdue=Count("pk", filter=~Q(state=workflow.State.CLOSED) & Q(due_at__lt=now)),
        )
        .order_by("area")
    )
    found: list[dict[str, Any]] = [dict(row) for row in rows]
    names = _region_names(row["area"] for row in found)
    return [
        {**row, "key": row["area"], "label": names.get(row["area"], row["area"] or "—")}
        for row in found
    ]


@dataclass(frozen=True)
class StageTime:
    """How long one legal stage (a step kind) took, in days, against its deadline.

    - `reached_median`, `reached_p90`: from the case's receipt to the stage opening;
    - `took_median`, `took_p90`: from the stage opening to its completion (done steps only);
    - `allowed_median`: the time the deadline gave (due − opened), for steps with a deadline;
    - `count`: steps of this kind; `done`: completed; `missed`: whose deadline passed before the
      work was done (the deadline sweep marked them), whatever happened later.
    """

    kind: str
    count: int
    done: int
    missed: int
    reached_median: float | None
    reached_p90: float | None
    took_median: float | None
    took_p90: float | None
    allowed_median: float | None

    @property
    def label(self) -> str:
        """The stage's name in the reader's language (not stored: decision 0100)."""
        return str(workflow.step_label(self.kind))


def _days(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        return round(value.total_seconds() / 86400, 1)
    return round(float(value) / 86_400_000_000, 1)  # microseconds, as some backends return


def percentile(
    rows: QuerySet[Any], expression: Any, share: float, total: int | None = None
) -> float | None:
    """The nearest-rank percentile (0 < share ≤ 1) of a duration over `rows`, in days: the
    database orders the rows and returns one; None when there is no row. `total`, when the
    caller already counted the rows with a non-null duration, saves counting them again.

    The median is `share=0.5` (the lower middle value for an even count)."""
    wrapped = ExpressionWrapper(expression, output_field=DurationField())
    measured = rows.order_by().annotate(_span=wrapped).filter(_span__isnull=False)
    total = measured.count() if total is None else total
    if total == 0:
        return None
    index = max(math.ceil(share * total) - 1, 0)
    return _days(measured.order_by("_span").values_list("_span", flat=True)[index])


class PercentileDisc(Aggregate):
    """PostgreSQL's nearest-rank percentile of a group (nulls ignored): the value at rank
    ceil(share × count), as `percentile` reads it with an ordered query."""

    function = "percentile_disc"
    template = "%(function)s(%(share)s) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"

    def __init__(self, expression: Any, share: float, **extra: Any) -> None:
        if not 0 < share <= 1:
            raise ValueError(share)
        super().__init__(expression, share=repr(float(share)), **extra)


def _in_one_query() -> bool:
    """Whether the database computes percentiles in a grouped query (PostgreSQL); elsewhere
    each percentile is one ordered query."""
    return connection.vendor == "postgresql"


@stored
def stage_times(scope: Scope) -> list[StageTime]:
    """Per legal stage (step kind) of the cases in scope: time to reach it and to complete it
    (median and p90) against the time its deadline allowed, and the deadlines missed."""
    steps = Step.objects.filter(case__in=cases_in(scope).values("pk"))
    reached, took, allowed = _SPANS.values()
    counts: dict[str, Any] = {
        "count": Count("pk"),
        "done": Count("pk", filter=Q(status=Step.Status.DONE)),
        "done_closed": Count("pk", filter=Q(status=Step.Status.DONE, closed_at__isnull=False)),
        "with_due": Count("pk", filter=Q(due_at__isnull=False)),
        "missed": Count("pk", filter=Q(missed_at__isnull=False)),
    }
    if _in_one_query():  # every figure of every kind in one pass over the steps
        done = Q(status=Step.Status.DONE)
        spans = {
            "reached_median": PercentileDisc(reached, 0.5, output_field=DurationField()),
            "reached_p90": PercentileDisc(reached, 0.9, output_field=DurationField()),
            "took_median": PercentileDisc(took, 0.5, filter=done, output_field=DurationField()),
            "took_p90": PercentileDisc(took, 0.9, filter=done, output_field=DurationField()),
            "allowed_median": PercentileDisc(allowed, 0.5, output_field=DurationField()),
        }
        grouped = steps.order_by().values("kind").annotate(**counts, **spans).order_by("kind")
        rows: list[dict[str, Any]] = [dict(row) for row in grouped]
        result = [
            StageTime(
                kind=row["kind"],
                count=row["count"],
                done=row["done"],
                missed=row["missed"],
                **{name: _days(row[name]) for name in spans},
            )
            for row in rows
        ]
    else:
        result = []
        kinds = steps.order_by().values("kind").annotate(**counts).order_by("kind")
        by_kind: list[dict[str, Any]] = [dict(row) for row in kinds]
        for row in by_kind:  # one row per step kind: a handful, not the steps
            of_kind = steps.filter(kind=row["kind"])
            finished = of_kind.filter(status=Step.Status.DONE)
            result.append(
                StageTime(
                    kind=row["kind"],
                    count=row["count"],
                    done=row["done"],
                    missed=row["missed"],
                    reached_median=percentile(of_kind, reached, 0.5, row["count"]),
                    reached_p90=percentile(of_kind, reached, 0.9, row["count"]),
                    took_median=percentile(finished, took, 0.5, row["done_closed"]),
                    took_p90=percentile(finished, took, 0.9, row["done_closed"]),
                    allowed_median=percentile(of_kind, allowed, 0.5, row["with_due"]),
                )
            )
    return _in_stage_order(result)


# The durations of a step: from its case's receipt to its opening, from its opening to its
# completion, and what its deadline allowed.
_SPANS = {
    "reached": F("opened_at") - F("case__received_at"),
    "took": F("closed_at") - F("opened_at"),
    "allowed": F("due_at") - F("opened_at"),
}


def _in_stage_order(found: list[StageTime]) -> list[StageTime]:
    order = {str(state): index for index, state in enumerate(workflow.STATE_LABELS)}
    return sorted(found, key=lambda s: (order.get(s.kind, len(order)), s.kind))


@stored
def missed_by_organisation(scope: Scope) -> list[dict[str, Any]]:
    """Deadlines missed per organisation that owed the step: [{organisation, steps, missed}],
    most missed first (organisations with no step in scope are left out)."""
    steps = Step.objects.filter(case__in=cases_in(scope).values("pk"))
    rows = (
        steps.order_by()
        .values("organisation_id", "organisation__name")
        .annotate(steps=Count("pk"), missed=Count("pk", filter=Q(missed_at__isnull=False)))
        .order_by("-missed", "organisation__name")
    )
    return [
        {
            "id": row["organisation_id"],
            "organisation": row["organisation__name"],
            "steps": row["steps"],
            "missed": row["missed"],
        }
        for row in rows
    ]


def stage_spans(scope: Scope) -> dict[str, dict[str, Any]]:
    """Per step kind of the cases in scope: its steps, done and missed, and histograms {days:
    steps} of the durations `stage_times` takes percentiles of (to reach the stage, to complete
    it, what its deadline allowed), in days rounded as `stage_times` reports them. The nearest
    rank of rounded durations is the rounded nearest rank (rounding keeps the order), so the
    histograms of several days give exactly the live median and p90 (decision 0170)."""
    steps = Step.objects.filter(case__in=cases_in(scope).values("pk")).order_by()
    spans = {
        name: ExpressionWrapper(expression, output_field=DurationField())
        for name, expression in _SPANS.items()
    }
    rows = steps.annotate(**spans).values_list("kind", "status", "missed_at", *spans)
    found: dict[str, dict[str, Any]] = {}
    for kind, status, missed_at, reached, took, allowed in rows.iterator(chunk_size=5000):
        into = found.setdefault(
            kind, {"count": 0, "done": 0, "missed": 0, "reached": {}, "took": {}, "allowed": {}}
        )
        done = status == Step.Status.DONE
        into["count"] += 1
        into["done"] += done
        into["missed"] += missed_at is not None
        for name, span in (("reached", reached), ("took", took if done else None),
                           ("allowed", allowed)):  # fmt: skip
            if span is not None:
                bin = str(_days(span))
                into[name][bin] = into[name].get(bin, 0) + 1
    return found
