"""What the public pages show: the insights figures (the one way of counting), suppressed.

Nothing here counts on its own: every number comes from `netral.insights.figures`, run with no
actor (national aggregates, which the public is entitled to), and passes through
`suppression` before it leaves this module. The raw figures never reach a template, an export or
the API, so no query string can ask for them. Nothing here names a person: rows are stages,
codes, regions and organisations (the PPK is an office), never reporters or reported persons.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from netral.core import page_cache
from netral.core.text import echo
from netral.insights import figures
from netral.registry.models import Agency, Election, Region
from netral.transparency import index as neutrality_index
from netral.transparency import suppression

# The league table's columns: the outcome buckets of a recommendation, in the compliance order.
OUTCOMES: list[tuple[str, Any]] = [
    ("followed", _("Followed")),
    ("lighter", _("Lighter sanction")),
    ("not_followed", _("Not followed")),
    ("overdue", _("Overdue")),
    ("pending", _("Pending, in time")),
]


def threshold() -> int:
    return max(int(getattr(settings, "NETRAL_PUBLIC_MIN_COUNT", 5)), 1)


def cache_seconds() -> int:
    return int(getattr(settings, "NETRAL_PUBLIC_CACHE_SECONDS", 300))


class UnknownCode(Http404):
    """An election, region or agency code the registry does not know (a helpful 404 page)."""

    def __init__(self, kind: str, code: str) -> None:
        super().__init__(f"unknown {kind}: {echo(code)}")
        self.kind = kind
        self.code = code

    def message(self) -> str:
        """The sentence every answer gives (page, download, API), the code cut to quote."""
        return str(UNKNOWN_CODE[self.kind]) % {"code": echo(self.code)}


# What each answer says of a code the registry does not know (the filter form, too).
UNKNOWN_CODE = {
    "election": _("No election has the code %(code)s."),
    "region": _("No province or regency/city has the code %(code)s."),
    "agency": _("No agency has the code %(code)s."),
}


@dataclass(frozen=True)
class PublicScope:
    """A public page's scope, its codes checked against the registry."""

    election: Election | None = None
    region: Region | None = None
    agency: Agency | None = None

    @property
    def figures_scope(self) -> figures.Scope:
        return figures.Scope(
            election=self.election.code if self.election else "",
            region=self.region.code if self.region else "",
            agency=self.agency.code if self.agency else "",
        )

    def as_query(self) -> dict[str, str]:
        return self.figures_scope.as_query()

    @property
    def key(self) -> str:
        scope = self.figures_scope
        return f"{scope.election}|{scope.region}|{scope.agency}"


def _public_rows(kind: str) -> QuerySet[Any]:
    """Where a public code of a kind is looked up. Regions are public down to regencies and
    cities (deeper areas make counts too small)."""
    if kind == "election":
        return Election.objects.all()
    if kind == "region":
        return Region.objects.filter(level__lte=Region.Level.REGENCY)
    return Agency.objects.all()


def known(kind: str, code: str) -> bool:
    """Whether a public page can be narrowed to this election, region or agency code."""
    return bool(_public_rows(kind).filter(code=code).exists())


def public_scope(*, election: str = "", region: str = "", agency: str = "") -> PublicScope:
    """Resolve codes to registry rows; an unknown code is a 404 naming what was not found."""
    found: dict[str, Any] = {"election": None, "region": None, "agency": None}
    for kind, code in (("election", election), ("region", region), ("agency", agency)):
        if code:
            found[kind] = _public_rows(kind).filter(code=code).first()
            if found[kind] is None:
                raise UnknownCode(kind, code)
    return PublicScope(found["election"], found["region"], found["agency"])


def _cached[T](kind: str, scope: PublicScope, build: Callable[[], T]) -> T:
    """Public figures are computed once per scope, kind and language and kept for a while, or
    until the next figures refresh or announcement starts a page-cache generation."""
    generation = page_cache.generation()
    key = f"transparency:{kind}:{threshold()}:{get_language() or ''}:{generation}:{scope.key}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, cache_seconds())
    return cast("T", value)


# ------------------------------------------------------------------------------ league table


@dataclass(frozen=True)
class LeagueRow:
    ppk: str
    received: suppression.Cell
    outcomes: list[suppression.Cell]
    other: suppression.Cell | None
    rate: float | None  # shown only when every count it is made of is shown
    rank: int | None


@dataclass(frozen=True)
class League:
    rows: list[LeagueRow]
    totals: list[suppression.Cell]
    received: suppression.Cell
    other_total: suppression.Cell | None
    has_other: bool
    as_of: dt.datetime
    threshold: int


def league_table(scope: PublicScope) -> League:
    return _cached("league", scope, lambda: _league(scope))


def _league(scope: PublicScope) -> League:
    keys = [key for key, _label in OUTCOMES]
    per_ppk = figures.recommendation_outcomes(scope.figures_scope).per_ppk
    counts = [[getattr(row, key) for key in keys] for row in per_ppk]
    others = [row.received - sum(values) for row, values in zip(per_ppk, counts, strict=True)]
    has_other = any(others)
    matrix = [
        [*values, other] if has_other else values
        for values, other in zip(counts, others, strict=True)
    ]
    width = len(keys)
    table = suppression.suppress(matrix, threshold=threshold(), columns=width + has_other)
    assert table.total is not None  # both margins are published
    rates: list[float | None] = []
    for row, cells in zip(per_ppk, table.cells, strict=True):
        received = table.row_totals[len(rates)]
        parts = [cells[0], cells[keys.index("pending")], received]
        decided = row.received - row.pending
        shown = not any(cell.suppressed for cell in parts) and decided >= threshold()
        rates.append(row.rate if shown else None)
    ranked = sorted(
        (i for i, rate in enumerate(rates) if rate is not None),
        key=lambda i: (-(rates[i] or 0.0), -(per_ppk[i].received - per_ppk[i].pending)),
    )
    ranks: dict[int, int] = {}
    previous: tuple[float, int] | None = None
    for position, i in enumerate(ranked, start=1):
        current = (rates[i] or 0.0, per_ppk[i].received - per_ppk[i].pending)
        ranks[i] = ranks[ranked[position - 2]] if current == previous else position
        previous = current
    rows = [
        LeagueRow(
            ppk=row.ppk or "—",
            received=table.row_totals[i],
            outcomes=table.cells[i][:width],
            other=table.cells[i][width] if has_other else None,
            rate=rates[i],
            rank=ranks.get(i),
        )
        for i, row in enumerate(per_ppk)
    ]
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.ppk))
    return League(
        rows=rows,
        totals=table.column_totals[:width],
        received=table.total,
        other_total=table.column_totals[width] if has_other else None,
        has_other=has_other,
        as_of=timezone.now(),
        threshold=threshold(),
    )


# ------------------------------------------------------------------------------ statistics


@dataclass(frozen=True)
class Listed:
    """A suppressed list of counts with its total: [(key, label, cell)], total cell."""

    rows: list[tuple[str, str, suppression.Cell]]
    total: suppression.Cell


@dataclass(frozen=True)
class Statistics:
    reports_total: suppression.Cell
    reports_by_region: Listed
    reports_by_category: Listed
    cases_by_stage: Listed
    violations: list[tuple[str, str, suppression.Cell, suppression.Cell]]
    times: list[dict[str, Any]]
    outcomes: Listed
    as_of: dt.datetime
    threshold: int


def _listed(
    rows: list[dict[str, Any]], *, hide_total: bool = False, total_hides_with_parts: bool = False
) -> Listed:
    counts = [row["count"] for row in rows]
    table = suppression.suppress_column(
        counts,
        threshold=threshold(),
        hide_total=hide_total,
        total_hides_with_parts=total_hides_with_parts,
    )
    assert table.total is not None  # a column's total is always published
    return Listed(
        rows=[
            (str(row["key"]), str(row["label"]), cells[0])
            for row, cells in zip(rows, table.cells, strict=True)
        ],
        total=table.total,
    )


def statistics(scope: PublicScope) -> Statistics:
    return _cached("statistics", scope, lambda: _statistics(scope))


def _statistics(scope: PublicScope) -> Statistics:
    where = scope.figures_scope
    intake = figures.intake(where)
    # Two lists of the same reports share their total: when either must hide it, both do.
    by_region = _listed(intake.by_region)
    by_category = _listed(intake.by_category)
    if by_region.total.suppressed != by_category.total.suppressed:
        by_region = _listed(intake.by_region, hide_total=True)
        by_category = _listed(intake.by_category, hide_total=True)
    # The same list is published for every election, region and agency: a shown total would
    # give back, by subtraction between scopes, the counts hidden in another scope's list.
    stages = _listed(figures.cases_by_stage(where), total_hides_with_parts=True)
    codes = figures.violations_by_code(where)
    # A case may cite several codes: the columns have no published total, only small cells hide.
    code_table = suppression.suppress(
        [[row["cases"], row["recommended"]] for row in codes],
        threshold=threshold(),
        row_totals=False,
        column_totals=False,
    )
    violations = [
        (row["code"], str(row["title"]), cells[0], cells[1])
        for row, cells in zip(codes, code_table.cells, strict=True)
    ]
    # A median of a handful of cases is nearly one person's case: only for enough cases.
    times = [
        {
            "label": stage.label,
            "count": stage.count,
            "reached_median": stage.reached_median,
            "took_median": stage.took_median,
            "allowed_median": stage.allowed_median,
        }
        for stage in figures.stage_times(where)
        if stage.done >= threshold() and stage.count >= threshold()
    ]
    # The outcomes are the league table's totals row, suppressed with the table (one decision
    # per figure, or the two tables together would give a hidden count back).
    league = league_table(scope)
    outcomes = Listed(
        rows=[
            (key, str(label), cell)
            for (key, label), cell in zip(OUTCOMES, league.totals, strict=True)
        ],
        total=league.received,
    )
    if league.has_other and league.other_total is not None:
        outcomes.rows.append(("other", str(_("Other")), league.other_total))
    return Statistics(
        reports_total=by_region.total,
        reports_by_region=by_region,
        reports_by_category=by_category,
        cases_by_stage=stages,
        violations=violations,
        times=times,
        outcomes=outcomes,
        as_of=figures.as_of(where) or timezone.now(),
        threshold=threshold(),
    )


# ------------------------------------------------------------------------------ neutrality index


@dataclass(frozen=True)
class Scored:
    agency_code: str
    agency: str
    score: float
    components: dict[str, float | None]
    recognised: bool


@dataclass(frozen=True)
class Neutrality:
    rows: list[Scored]
    too_few: int  # agencies with cases in scope, but too few to be scored
    version: str
    as_of: dt.datetime


def neutrality(scope: PublicScope) -> Neutrality:
    return _cached("neutrality", scope, lambda: _neutrality(scope))


def _neutrality(scope: PublicScope) -> Neutrality:
    spec = neutrality_index.spec()
    floor = max(spec.minimum_cases, threshold())
    base = scope.figures_scope
    rows: list[Scored] = []
    too_few = 0
    for found in figures.agency_figures(base):  # stored, or three grouped queries
        if found.cases < floor:
            too_few += 1
            continue
        values: dict[str, float | None] = {
            "follow_up": found.rate if found.decided >= threshold() else None,
            "timeliness": 1 - found.missed / found.steps if found.steps >= threshold() else None,
        }
        value = neutrality_index.score(values, spec)
        if value is None:
            too_few += 1
            continue
        clean = found.followed + found.pending == found.received
        recognised = clean and value >= spec.recognition.minimum_score
        rows.append(Scored(found.code, found.name, value, values, recognised))
    rows.sort(key=lambda row: (-row.score, row.agency))
    return Neutrality(rows, too_few, spec.version, figures.as_of(base) or timezone.now())


# ------------------------------------------------------------------------------ opened sanctions


def open_sanctions_enabled() -> bool:
    return bool(getattr(settings, "NETRAL_PUBLIC_OPEN_SANCTIONS", False))


def open_sanction_codes() -> list[str]:
    return list(getattr(settings, "NETRAL_PUBLIC_OPEN_SANCTION_CODES", ["PP42-TERBUKA"]))


def open_sanctions(scope: PublicScope) -> list[dict[str, Any]]:
    """PPK decrees that imposed a sanction public by its nature (PP 42/2004 Pasal 15 ayat (3)
    huruf b, *pernyataan secara terbuka*): a list, not a count, of final decisions only. Empty
    unless the setting turns it on. Every field shown is marked for legal review on the page."""
    if not open_sanctions_enabled():
        return []
    from netral.cases import adapters as case_adapters
    from netral.cases.models import CaseDecision

    cases = figures.cases_in(scope.figures_scope)
    decisions = (
        CaseDecision.objects.filter(
            kind=CaseDecision.Kind.PPK_DECREE,
            sanction__in=open_sanction_codes(),
            case__in=cases.values("pk"),
        )
        .select_related("case", "case__civil_servant", "case__agency")
        .order_by("-decree_date", "pk")
    )
    names = case_adapters.sanctions()
    return [
        {
            "name": decision.case.civil_servant.name
            if decision.case.civil_servant
            else decision.case.civil_servant_name,
            "position": decision.case.civil_servant_position,
            "agency": decision.case.agency_label,
            "sanction": names.get(decision.sanction, decision.sanction),
            "decree_number": decision.decree_number,
            "decree_date": decision.decree_date,
        }
        for decision in decisions
    ]
