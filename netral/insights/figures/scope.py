"""The scope of a figure and the rows it starts from: the reports, cases and findings in scope
(an actor's jurisdiction, an organisation's cases, or everything), narrowed by election, region,
agency and period, and the small helpers that group them."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    QuerySet,
)
from django.utils import timezone

from netral.accounts import access
from netral.accounts.models import Organisation
from netral.cases import policies as case_policies
from netral.cases.models import Case
from netral.monitoring import policies as monitoring_policies
from netral.monitoring.models import Finding
from netral.registry.models import Region
from netral.reports import policies as report_policies
from netral.reports.models import Report


@dataclass(frozen=True)
class Scope:
    """What a figure counts: every field optional; an empty scope is the whole country.

    - `election`, `region`, `agency`: codes as the registry spells them (region: the region and
      everything under it);
    - `date_from`, `date_to`: inclusive days on the moment a row arrived (a report's submission,
      a case's receipt, a finding's flagging), in the site's time zone;
    - `organisation`: when given (a PPK's primary key), only the cases that organisation may
      read count (`cases.policies.organisation_cases`), and the scope is stored like a region
      (decision 0132); its reader, if given, must act for that organisation alone;
    - `actor`: when given, only rows that actor may read count (its jurisdiction).
    """

    election: str = ""
    region: str = ""
    agency: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    organisation: int | None = None
    actor: access.Actor | None = None

    @property
    def region_level(self) -> int:
        """0 for the country, 1 for a province, 2 for a regency or city, and so on."""
        return self.region.count(".") + 1 if self.region else 0

    def as_query(self) -> dict[str, str]:
        """The scope as the GET parameters of the dashboards and the case list."""
        params = {"election": self.election, "region": self.region, "agency": self.agency}
        if self.date_from:
            params["from"] = self.date_from.isoformat()
        if self.date_to:
            params["to"] = self.date_to.isoformat()
        return {key: value for key, value in params.items() if value}


# ---------------------------------------------------------------------------------- base rows


def _period(rows: QuerySet[Any], field_name: str, scope: Scope) -> QuerySet[Any]:
    """Rows whose moment falls on the period's days in the site's time zone, compared as moments
    (from the first day's midnight to the midnight after the last day) so that the database can
    use an index or a plain range instead of converting every row to a local date."""
    if scope.date_from and scope.date_from > _EARLIEST:  # earlier: every row, no bound
        rows = rows.filter(**{f"{field_name}__gte": day_start(scope.date_from)})
    if scope.date_to and scope.date_to < _LATEST:
        rows = rows.filter(**{f"{field_name}__lt": day_start(scope.date_to + dt.timedelta(1))})
    return rows


# The days a moment can be computed around in any zone (1 January of year 1 at midnight in
# Jakarta is still in year 0 in UTC, which Python cannot hold).
_EARLIEST, _LATEST = dt.date(1, 1, 2), dt.date(9999, 12, 30)


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the current (site) time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _narrowed(
    rows: QuerySet[Any], scope: Scope, *, region: str, agency: str, day: str
) -> QuerySet[Any]:
    """The scope's election, region, agency and period, each through the given field."""
    if scope.election:
        rows = rows.filter(election__code=scope.election)
    if scope.region:
        rows = rows.filter(Region.within_q([scope.region], region))
    if scope.agency:
        rows = rows.filter(**{agency: scope.agency})
    return _period(rows, day, scope)


def reports_in(scope: Scope) -> QuerySet[Report]:
    """Public reports in scope, counted by the day they were submitted (none for an
    organisation scope without a reader: only its cases are counted for it)."""
    rows: QuerySet[Report] = (
        (Report.objects.none() if scope.organisation is not None else Report.objects.all())
        if scope.actor is None
        else report_policies.visible_reports(scope.actor.user).select_related(None)
    )
    return _narrowed(rows, scope, region="region__code", agency="agency__code", day="submitted_at")


def cases_in(scope: Scope) -> QuerySet[Case]:
    """Cases in scope, counted by the day they were received (duplicates and merges included):
    an organisation's cases, a reader's, or every case."""
    rows: QuerySet[Case]
    if scope.organisation is not None:
        rows = case_policies.organisation_cases(_organisation(scope.organisation))
    elif scope.actor is not None:
        rows = case_policies.visible_cases(scope.actor.user)
    else:
        rows = Case.objects.all()
    return _narrowed(rows, scope, region="region_code", agency="agency__code", day="received_at")


def findings_in(scope: Scope) -> QuerySet[Finding]:
    """Monitoring findings in scope, counted by the day the detector flagged them."""
    rows: QuerySet[Finding] = (
        (Finding.objects.none() if scope.organisation is not None else Finding.objects.all())
        if scope.actor is None
        else monitoring_policies.visible_findings(scope.actor.user).select_related(None)
    )
    return _narrowed(
        rows, scope, region="region_code", agency="item__account__agency__code", day="created_at"
    )


def _organisation(pk: int) -> Organisation:
    return Organisation.objects.get(pk=pk)


def _counted(
    rows: QuerySet[Any], key: str, labels: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """[{key, label, count}] grouped by one column, largest first (labels: key → words)."""
    grouped = rows.order_by().values(key).annotate(count=Count("pk")).order_by("-count", key)
    return [
        {
            "key": row[key] or "",
            "label": (labels or {}).get(row[key], row[key] or "—"),
            "count": row["count"],
        }
        for row in grouped
    ]


def _region_names(codes: Iterable[str]) -> dict[str, str]:
    wanted = [code for code in codes if code]
    return dict(Region.objects.filter(code__in=wanted).values_list("code", "name"))


def region_key(scope: Scope) -> int:
    """How many characters of a region code group a breakdown: provinces for the country (and
    for national bodies), regencies and cities inside a province, districts inside a regency,
    the code itself below."""
    return {0: 2, 1: 5, 2: 8}.get(scope.region_level, 13)
