"""How a period is read from daily rows (decision 0170): each figure's merge of its days' values,
registered in `DAILY`, `WEEKLY` and `DAILY_SOURCES`."""

import dataclasses
import math
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from netral.cases import selectors as case_selectors
from netral.cases import workflow
from netral.insights.figures.agencies import AgencyFigures
from netral.insights.figures.enforcement import Outcomes
from netral.insights.figures.findings import Monitoring
from netral.insights.figures.handling import StageTime, _in_stage_order, stage_spans
from netral.insights.figures.reports import Intake
from netral.insights.figures.storage import _FIGURE_TYPES, DAILY, STORED, Daily

# ------------------------------------------------------------------ merging daily rows (0170)


def _merged(
    values: Iterable[list[dict[str, Any]]], by: str, order: Callable[[dict[str, Any]], Any]
) -> list[dict[str, Any]]:
    """Rows of several days merged on the field `by`, their numbers added, sorted by `order`."""
    found: dict[Any, dict[str, Any]] = {}
    for rows in values:
        for row in rows:
            into = found.get(row[by])
            if into is None:
                found[row[by]] = dict(row)
                continue
            for key, value in row.items():
                if key != by and isinstance(value, int) and not isinstance(value, bool):
                    into[key] += value
    return sorted(found.values(), key=order)


def _sum_fields[T](values: list[Any], kind: type[T], **lists: Any) -> T:
    """A dataclass whose int fields are the sums of those of `values`, its lists given."""
    numbers = {
        f.name: sum(getattr(value, f.name) for value in values)
        for f in dataclasses.fields(kind)  # type: ignore[arg-type]
        if f.name not in lists
    }
    return kind(**numbers, **lists)


def _by_count(row: dict[str, Any]) -> tuple[int, str]:
    return -row["count"], row["key"]


def _intake_of(values: list[Intake]) -> Intake:
    def merged(name: str, by: str, order: Callable[[dict[str, Any]], Any]) -> Any:
        return _merged((getattr(value, name) for value in values), by, order)

    return _sum_fields(
        values,
        Intake,
        by_channel=merged("by_channel", "key", _by_count),
        by_track=merged("by_track", "key", _by_count),
        by_category=merged("by_category", "key", _by_count),
        by_region=merged("by_region", "key", lambda row: row["key"]),
        by_week=merged("by_week", "week", lambda row: row["week"]),
    )


def _stages_of(values: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    order = {str(state): index for index, state in enumerate(workflow.STATE_LABELS)}
    return _merged(values, "key", lambda row: order[row["key"]])


def _outcomes_of(values: list[Outcomes]) -> Outcomes:
    per_ppk: dict[Any, list[case_selectors.Compliance]] = {}
    for value in values:
        for row in value.per_ppk:
            per_ppk.setdefault(row.ppk_id, []).append(row)
    merged = [
        _sum_fields(rows, case_selectors.Compliance, ppk_id=pk, ppk=rows[0].ppk)
        for pk, rows in per_ppk.items()
    ]
    merged.sort(key=lambda row: (row.ppk or "", row.ppk_id or 0))
    return _sum_fields(values, Outcomes, per_ppk=merged)


def _repeat_of(values: list[list[dict[str, Any]]], at_least: int = 2) -> list[dict[str, Any]]:
    merged = _merged(values, "code", lambda row: (-row["cases"], row["agency"]))
    return [row for row in merged if row["cases"] >= at_least]


def _monitoring_of(values: list[Monitoring]) -> Monitoring:
    return _sum_fields(values, Monitoring)


def _spans_of(values: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Several `stage_spans` values as one: counts and histograms added per kind."""
    found: dict[str, dict[str, Any]] = {}
    for value in values:
        for kind, part in value.items():
            into = found.setdefault(kind, {"count": 0, "done": 0, "missed": 0})
            for name in ("count", "done", "missed"):
                into[name] += part[name]
            for name in ("reached", "took", "allowed"):
                histogram = into.setdefault(name, {})
                for bin, steps in part[name].items():
                    histogram[bin] = histogram.get(bin, 0) + steps
    return found


def _stage_times_of(values: list[dict[str, dict[str, Any]]]) -> list[StageTime]:
    kinds = _spans_of(values)
    result = []
    for kind, into in kinds.items():
        spans = {
            name: Counter({float(bin): steps for bin, steps in into[name].items()})
            for name in ("reached", "took", "allowed")
        }
        result.append(
            StageTime(
                kind=kind,
                count=into["count"],
                done=into["done"],
                missed=into["missed"],
                reached_median=_rank(spans["reached"], 0.5),
                reached_p90=_rank(spans["reached"], 0.9),
                took_median=_rank(spans["took"], 0.5),
                took_p90=_rank(spans["took"], 0.9),
                allowed_median=_rank(spans["allowed"], 0.5),
            )
        )
    return _in_stage_order(result)


def _rank(histogram: Counter[float], share: float) -> float | None:
    """The nearest-rank percentile of a histogram, as `percentile` reads it from rows."""
    total = histogram.total()
    if total == 0:
        return None
    index, seen = max(math.ceil(share * total) - 1, 0), 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen > index:
            return value
    return None  # not reached: the counts add up to total


DAILY.update(
    intake=Daily(_intake_of, tagged=True),
    cases_by_stage=Daily(_stages_of),
    cases_by_region=Daily(lambda values, *_: _merged(values, "key", lambda row: row["key"])),
    stage_times=Daily(_stage_times_of, source="stage_spans"),
    missed_by_organisation=Daily(
        lambda values: _merged(values, "id", lambda row: (-row["missed"], row["organisation"]))
    ),
    recommendation_outcomes=Daily(_outcomes_of, tagged=True),
    escalation_reached=Daily(lambda values: _merged(values, "level", lambda row: row["level"])),
    violations_by_code=Daily(
        lambda values: _merged(values, "code", lambda row: (-row["cases"], row["code"]))
    ),
    sanctions_by_code=Daily(
        lambda values: _merged(values, "sanction_category", lambda r: r["sanction_category"])
    ),
    monitoring=Daily(_monitoring_of, tagged=True),
    repeat_agencies=Daily(_repeat_of, extra=lambda *args: (1,)),
)
# How a week's row is merged from its days' rows, per source: the result keeps the day's form.
WEEKLY: dict[str, Callable[[list[Any]], Any]] = {
    **{name: daily.merge for name, daily in DAILY.items() if not daily.source},
    "stage_spans": _spans_of,
    "repeat_agencies": lambda values: _repeat_of(values, 1),
}
# The live functions the daily rows are counted with: each of DAILY's sources.
DAILY_SOURCES: dict[str, Callable[..., Any]] = {
    **{name: STORED[name] for name, daily in DAILY.items() if not daily.source},
    "stage_spans": stage_spans,
}
_FIGURE_TYPES.update(
    {
        kind.__name__: kind
        for kind in (
            Intake,
            StageTime,
            Outcomes,
            Monitoring,
            AgencyFigures,
            case_selectors.Compliance,
        )
    }
)
