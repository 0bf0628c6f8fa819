"""Every dashboard table, named, from `figures`: the page shows them, the charts draw them, the
exports and the evaluation report's annex write them. One table, one key, one set of columns.

A table's `links` (one per row, or empty) lead to the case list behind the row's count.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from netral.cases import selectors as case_selectors
from netral.cases import workflow
from netral.insights import exports, figures
from netral.insights.figures import Scope


@dataclass
class Table:
    """A titled table: column headings, rows of plain values, and optional links per row."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    links: list[str] = field(default_factory=list)
    count_column: int = 1  # the column a chart draws and a link sits on
    # A long table's dashboard order, one sort key per row (empty: the rows' own order), and
    # what its note says of the rows shown; downloads and charts keep the rows' own order.
    shown_order: list[Any] = field(default_factory=list)
    shown_note: str = ""
    # The XLSX sheet's name when the title is longer than a sheet name may be (31 characters).
    sheet: str = ""

    @property
    def sheet_name(self) -> str:
        return self.sheet or self.title

    def chart_rows(self) -> list[tuple[str, int | float]]:
        return [(str(row[0]), row[self.count_column] or 0) for row in self.rows]

    def linked_rows(self) -> list[tuple[list[Any], str]]:
        links = self.links or [""] * len(self.rows)
        return list(zip(self.rows, links, strict=True))

    # The rows a dashboard shows of a long table (agencies, organisations, PPKs: hundreds
    # nationally); its downloads, the charts and the evaluation report hold every row.
    SHOWN = 50

    def shown_rows(self) -> list[tuple[list[Any], str]]:
        pairs = self.linked_rows()
        if self.shown_order:
            ranked = sorted(zip(self.shown_order, pairs, strict=True), key=lambda item: item[0])
            pairs = [pair for _key, pair in ranked]
        return pairs[: self.SHOWN]

    @property
    def more(self) -> int:
        """Rows the dashboard leaves to the downloads."""
        return max(len(self.rows) - self.SHOWN, 0)


_MEMO: ContextVar[dict[tuple[str, Scope], Any] | None] = ContextVar("insights_memo", default=None)


@contextmanager
def memoised() -> Iterator[None]:
    """Inside this block each figure is computed once per scope (one page builds several tables
    from the same figure); outside it nothing is kept."""
    token = _MEMO.set({})
    try:
        with figures.mark_read_once():
            yield
    finally:
        _MEMO.reset(token)


def _once[T](name: str, compute: Callable[[Scope], T], scope: Scope) -> T:
    memo = _MEMO.get()
    if memo is None:
        return compute(scope)
    key = (name, scope)
    if key not in memo:
        memo[key] = compute(scope)
    return memo[key]  # type: ignore[no-any-return]


def _intake(scope: Scope) -> figures.Intake:
    return _once("intake", figures.intake, scope)


def _outcomes(scope: Scope) -> figures.Outcomes:
    return _once("outcomes", figures.recommendation_outcomes, scope)


def case_list(scope: Scope, **extra: str) -> str:
    """The case list (queue) filtered as the figure was: every case the reader may see, closed
    ones included, received in the figure's period."""
    params = {"scope": "all", "closed": "on"}
    params.update(
        {k: v for k, v in scope.as_query().items() if k in ("election", "region", "agency")}
    )
    if scope.date_from:
        params["received_from"] = scope.date_from.isoformat()
    if scope.date_to:
        params["received_to"] = scope.date_to.isoformat()
    params.update({k: v for k, v in extra.items() if v})
    return reverse("cases:queue") + "?" + urlencode(params)


def _share() -> str:
    """The heading of a percentage column: "Share" alone is also the verb ("share it!"), which
    another app translates, so the evaluation's column carries its own context."""
    return pgettext("percentage column", "Share")


def _share_of(value: float | None) -> exports.Number | str:
    """A share (0..1): "33%" on pages and in CSV, a number formatted as a percentage in XLSX."""
    if value is None:
        return "—"
    return exports.Number(value, f"{value * 100:.0f}%", exports.PERCENT)


def _pct(part: int, whole: int) -> exports.Number | str:
    return _share_of(part / whole if whole else None)


def _days(value: float | None) -> exports.Number | str:
    """Days with one decimal in the reader's notation (Indonesian: 0,8); a number in XLSX."""
    if value is None:
        return "—"
    return exports.Number(value, formats.number_format(value, 1), exports.ONE_DECIMAL)


def intake_outcomes(scope: Scope) -> Table:
    got = _intake(scope)
    rows = [
        [_("Received"), got.total, _pct(got.total, got.total)],
        [_("Accepted (case opened)"), got.accepted, _pct(got.accepted, got.total)],
        [_("Not followed up"), got.rejected, _pct(got.rejected, got.total)],
        [_("Merged as duplicate"), got.duplicate, _pct(got.duplicate, got.total)],
        [_("Still open"), got.open, _pct(got.open, got.total)],
        [_("Tips made formal"), got.tips_made_formal, _pct(got.tips_made_formal, got.tips)],
    ]
    return Table("intake_outcomes", _("Reports and what became of them"),
                 [_("Reports"), _("Number"), _share()], rows)  # fmt: skip


def _breakdown(key: str, title: str, heading: str, rows: list[dict[str, Any]]) -> Table:
    return Table(key, title, [heading, _("Reports")], [[r["label"], r["count"]] for r in rows])


def intake_channel(scope: Scope) -> Table:
    return _breakdown("intake_channel", _("Reports by channel"), _("Channel"),
                      _intake(scope).by_channel)  # fmt: skip


def intake_track(scope: Scope) -> Table:
    return _breakdown("intake_track", _("Reports by track"), _("Track"),
                      _intake(scope).by_track)  # fmt: skip


def intake_category(scope: Scope) -> Table:
    return _breakdown("intake_category", _("Reports by what happened"), _("Category"),
                      _intake(scope).by_category)  # fmt: skip


def intake_region(scope: Scope) -> Table:
    return _breakdown("intake_region", _("Reports by area"), _("Area"),
                      _intake(scope).by_region)  # fmt: skip


def intake_week(scope: Scope) -> Table:
    rows = [[row["week"].isoformat() if row["week"] else "—", row["count"]]
            for row in _intake(scope).by_week]  # fmt: skip
    return Table("intake_week", _("Reports by week"), [_("Week of"), _("Reports")], rows)


def stages(scope: Scope) -> Table:
    found = figures.cases_by_stage(scope)
    return Table(
        "stages",
        _("Cases by stage"),
        [_("Stage"), _("Cases")],
        [[row["label"], row["count"]] for row in found],
        [case_list(scope, state=row["key"]) for row in found],
    )


def regions(scope: Scope, width: int | None = None, key: str = "regions") -> Table:
    found = figures.cases_by_region(scope, width)
    title = _("Cases by regency or city") if width == 5 else _("Cases by area")
    return Table(
        key,
        title,
        [_("Area"), _("Cases"), _("Open"), _("Overdue"), _("Code")],
        [[row["label"], row["count"], row["open"], row["overdue"], row["key"]] for row in found],
        [case_list(scope, region=row["key"]) for row in found],
    )


def regencies(scope: Scope) -> Table:
    return regions(scope, 5, "regencies")


def stage_times(scope: Scope) -> Table:
    rows = [
        [row.label, row.count, row.done, _days(row.reached_median), _days(row.reached_p90),
         _days(row.took_median), _days(row.took_p90), _days(row.allowed_median), row.missed]
        for row in figures.stage_times(scope)
    ]  # fmt: skip
    columns = [
        _("Stage"), _("Steps"), _("Done"), _("Days to reach (median)"), _("Days to reach (p90)"),
        _("Days taken (median)"), _("Days taken (p90)"), _("Days allowed (median)"),
        _("Deadlines missed"),
    ]  # fmt: skip
    return Table("stage_times", _("Time per legal stage against its deadline"), columns, rows,
                 count_column=8, sheet=_("Time per stage"))  # fmt: skip


def missed(scope: Scope) -> Table:
    rows = [
        [r["organisation"], r["missed"], r["steps"]] for r in figures.missed_by_organisation(scope)
    ]
    return Table("missed", _("Deadlines missed per organisation"),
                 [_("Organisation"), _("Missed"), _("Steps")], rows,
                 sheet=_("Deadlines missed"))  # fmt: skip


BUCKET_LABELS = {
    "followed": gettext_lazy("Followed"),
    "lighter": gettext_lazy("Lighter sanction"),
    "not_followed": gettext_lazy("Not followed"),
    "overdue": gettext_lazy("No decree, deadline passed"),
    "pending": gettext_lazy("Pending"),
}


def outcomes(scope: Scope) -> Table:
    got = _outcomes(scope)
    rows = [[str(BUCKET_LABELS[r["key"]]), r["count"], _pct(r["count"], got.received)]
            for r in got.rows()]  # fmt: skip
    links = [case_list(scope, compliance=r["key"]) for r in got.rows()]
    return Table("outcomes", _("Recommendations and how the PPKs answered"),
                 [_("Outcome"), _("Recommendations"), _share()], rows, links,
                 sheet=_("Recommendation outcomes"))  # fmt: skip


def ppk(scope: Scope) -> Table:
    rows: list[case_selectors.Compliance] = _outcomes(scope).per_ppk
    columns = [_("PPK"), _("Received"), *[str(label) for label in BUCKET_LABELS.values()],
               _("Followed, % of those decided or overdue")]  # fmt: skip
    return Table(
        "ppk",
        _("Compliance per PPK"),
        columns,
        [
            [
                r.ppk,
                r.received,
                r.followed,
                r.lighter,
                r.not_followed,
                r.overdue,
                r.pending,
                _share_of(r.rate),
            ]
            for r in rows
        ],  # fmt: skip
        [case_list(scope, ppk=r.ppk) for r in rows],
        # A supervisor looks for the PPKs that follow least: the lowest share followed first
        # (then the most not followed or overdue); PPKs with nothing decided yet last.
        shown_order=[
            (r.rate is None, r.rate or 0, -(r.not_followed + r.overdue), r.ppk) for r in rows
        ],
        shown_note=_("The %(n)s with the lowest follow-up are shown; the downloads hold all.")
        % {"n": Table.SHOWN},
    )


def sanctions(scope: Scope) -> Table:
    rows = [[r["label"], r["received"], r["followed"], r["lighter"], r["not_followed"]]
            for r in figures.sanctions_by_code(scope)]  # fmt: skip
    return Table("sanctions", _("Sanction recommended and decreed, per category"),
                 [_("Recommended category"), _("Recommendations"), _("Followed"),
                  _("Lighter"), _("Not followed")], rows,
                 sheet=_("Sanctions per category"))  # fmt: skip


def codes(scope: Scope) -> Table:
    rows = [[f"{r['code']} {r['title']}", r["cases"], r["recommended"]]
            for r in figures.violations_by_code(scope)]  # fmt: skip
    return Table("codes", _("Violations by catalogue code"),
                 [_("Code"), _("Cases citing it"), _("Sanction recommended")], rows)  # fmt: skip


def escalation(scope: Scope) -> Table:
    rows = [[str(r["level"]), r["count"]] for r in figures.escalation_reached(scope)]
    return Table("escalation", _("Escalation rung reached"),
                 [_("Rung"), _("Recommendations")], rows)  # fmt: skip


FINDING_LABELS = {
    "new": gettext_lazy("Awaiting review"),
    "confirmed": gettext_lazy("Confirmed"),
    "dismissed": gettext_lazy("Dismissed"),
    "promoted": gettext_lazy("Promoted to a case"),
}


def monitoring(scope: Scope) -> Table:
    got = figures.monitoring(scope)
    rows = [[str(FINDING_LABELS[r["key"]]), r["count"]] for r in got.rows()]
    rows.append([_("Detector precision (upheld / reviewed)"), _share_of(got.precision)])
    return Table("monitoring", _("Monitoring findings by verdict"),
                 [_("Verdict"), _("Findings")], rows,
                 sheet=_("Monitoring findings"))  # fmt: skip


Builder = Callable[[Scope], Table]
INTAKE: dict[str, Builder] = {
    "intake_outcomes": intake_outcomes,
    "intake_week": intake_week,
    "intake_category": intake_category,
    "intake_track": intake_track,
    "intake_channel": intake_channel,
    "intake_region": intake_region,
}
HANDLING: dict[str, Builder] = {
    "stages": stages,
    "stage_times": stage_times,
    "missed": missed,
    "regions": regions,
    "regencies": regencies,
}
ENFORCEMENT: dict[str, Builder] = {
    "outcomes": outcomes,
    "ppk": ppk,
    "sanctions": sanctions,
    "codes": codes,
    "escalation": escalation,
}
MONITORING: dict[str, Builder] = {"monitoring": monitoring}
ALL: dict[str, Builder] = {**INTAKE, **HANDLING, **ENFORCEMENT, **MONITORING}


def repeat_agencies(scope: Scope) -> Table:
    found = figures.repeat_agencies(scope)
    return Table(
        "repeat_agencies",
        _("Agencies with repeat cases"),
        [_("Agency"), _("Cases"), _("Sanction recommended")],
        [[r["agency"], r["cases"], r["recommended"]] for r in found],
        [case_list(scope, agency=r["code"]) for r in found],
    )


ENFORCEMENT["repeat_agencies"] = repeat_agencies
ALL["repeat_agencies"] = repeat_agencies


# ---------------------------------------------------------------------------------- case queue


def queue_columns() -> list[str]:
    return [_("Case"), _("Title"), _("Reported person"), _("Stage"), _("With"), _("Agency"),
            _("Region code"), _("Received"), _("Next deadline")]  # fmt: skip


QUEUE_FIELDS = ("code", "title", "civil_servant_name", "state", "owner__name", "agency__name",
                "region_code", "received_at", "due_at")  # fmt: skip


def queue_rows(cases: Any) -> Iterable[list[Any]]:
    """The queue's cases as plain rows, read from a server-side cursor in chunks (constant
    memory whatever the count); moments in the site's zone, as text a spreadsheet sorts."""
    labels = {str(state): str(label) for state, label in workflow.STATE_LABELS.items()}
    zone = timezone.get_current_timezone()
    rows = cases.order_by("due_at", "-received_at", "pk").values_list(*QUEUE_FIELDS)
    for row in rows.iterator(chunk_size=2000):
        code, title, person, state, owner, agency, region, received, due = row
        yield [code, title, person, labels.get(state, state), owner, agency or "", region,
               _moment(received, zone), _moment(due, zone)]  # fmt: skip


def _moment(value: dt.datetime | None, zone: Any) -> str:
    return "" if value is None else value.astimezone(zone).strftime("%Y-%m-%d %H:%M")
