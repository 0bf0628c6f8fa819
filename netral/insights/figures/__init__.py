"""The one way of counting: every figure Netral shows about its work, computed in the database.

Each function takes a `Scope` (election, region, agency, period, and optionally the `Actor` whose
jurisdiction limits the rows) and returns plain dataclasses or lists of dicts, ready for a page,
a chart, an export or another app (the public transparency pages reuse these functions with no
actor and their own rounding). Nothing here writes; nothing loops in Python over rows: the
database counts, groups and orders, and Python only shapes the (few) aggregated rows.

Who sees what is decided by each app's policies (`reports.policies.visible_reports`,
`cases.policies.visible_cases`, `monitoring.policies.visible_findings`), never here: with an
actor the counts start from what that actor may read; without one they count everything (the
caller must then be entitled to national aggregates, e.g. public figures or a scheduled task).

Portable on SQLite and PostgreSQL: plain GROUP BY, COUNT(... FILTER), TruncWeek, Substr and
datetime differences; percentiles are nearest-rank, read as one ordered row at an offset.

The figures live by concern: `scope` (the scope and the rows in it), `storage` (stored and daily
rows, decisions 0100 and 0170), `reports` (intake), `handling`, `enforcement`, `findings`
(monitoring), `agencies`, and `merging` (how a period is read from daily rows); this package
re-exports them.
"""

# isort: skip_file
# The order of the imports is the order `STORED` registers the figures in (and refreshes them).

from netral.insights.figures.scope import (
    Scope,
    cases_in,
    day_start,
    findings_in,
    region_key,
    reports_in,
)
from netral.insights.figures.storage import (
    DAILY,
    DAILY_FORM,
    DAILY_MARK,
    LANGUAGE_FREE,
    NOT_PER_ORGANISATION,
    STORED,
    WEEK,
    Daily,
    as_of,
    daily_days,
    decode,
    encode,
    in_weeks,
    mark_read_once,
    storable,
    stored,
    stored_key,
    whole_months,
)
from netral.insights.figures.reports import Intake, intake
from netral.insights.figures.handling import (
    PercentileDisc,
    StageTime,
    cases_by_region,
    cases_by_stage,
    missed_by_organisation,
    percentile,
    stage_spans,
    stage_times,
)
from netral.insights.figures.enforcement import (
    Outcomes,
    escalation_reached,
    recommendation_outcomes,
    sanctions_by_code,
    violations_by_code,
)
from netral.insights.figures.findings import Monitoring, monitoring
from netral.insights.figures.agencies import (
    AgencyFigures,
    agency_figures,
    dict_by_agency,
    repeat_agencies,
)
from netral.insights.figures.merging import DAILY_SOURCES, WEEKLY

__all__ = [
    "AgencyFigures",
    "DAILY",
    "DAILY_FORM",
    "DAILY_MARK",
    "DAILY_SOURCES",
    "Daily",
    "Intake",
    "LANGUAGE_FREE",
    "Monitoring",
    "NOT_PER_ORGANISATION",
    "Outcomes",
    "PercentileDisc",
    "STORED",
    "Scope",
    "StageTime",
    "WEEK",
    "WEEKLY",
    "agency_figures",
    "as_of",
    "cases_by_region",
    "cases_by_stage",
    "cases_in",
    "daily_days",
    "day_start",
    "decode",
    "dict_by_agency",
    "encode",
    "escalation_reached",
    "findings_in",
    "in_weeks",
    "intake",
    "mark_read_once",
    "missed_by_organisation",
    "monitoring",
    "percentile",
    "recommendation_outcomes",
    "region_key",
    "repeat_agencies",
    "reports_in",
    "sanctions_by_code",
    "stage_spans",
    "stage_times",
    "storable",
    "stored",
    "stored_key",
    "violations_by_code",
    "whole_months",
]
