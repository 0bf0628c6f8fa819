"""The evaluation pages: the dashboard, its charts (SVG images), its downloads, the trends and
the post-election report. Read-only but for the event each download and report leaves."""

import tempfile
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override

from netral.cases import forms as case_forms
from netral.cases import policies as case_policies
from netral.cases import selectors as case_selectors
from netral.insights import (
    charts,
    evaluation,
    exports,
    figures,
    policies,
    services,
    snapshots,
    tables,
)
from netral.insights.figures import Scope
from netral.insights.forms import FilterForm
from netral.insights.models import InsightEvent

# Which table each chart draws, and how.
CHARTS: dict[str, tuple[str, str]] = {
    "weeks": ("intake_week", "bar"),
    "categories": ("intake_category", "hbar"),
    "stages": ("stages", "hbar"),
    "outcomes": ("outcomes", "bar"),
    "codes": ("codes", "hbar"),
    "monitoring": ("monitoring", "bar"),
    "map": ("provinces", "map"),
    "trend": ("trend", "line"),
}
CHART_OF = {table: name for name, (table, _kind) in CHARTS.items()}


def _filters(request: HttpRequest) -> tuple[FilterForm, Scope | None]:
    """The filters and the scope they describe; None when a filter is wrong (the form says
    why). A known region outside the reader's jurisdiction is refused with a 403."""
    if not policies.can_view(request.user):
        raise PermissionDenied
    form = FilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    if form.is_bound and form.cleaned_data.get("region"):
        policies.check_region(request.user, form.cleaned_data["region"])
    if not valid:
        return form, None
    actor = policies.scope_actor(request.user)
    organisation = policies.scope_organisation(request.user)
    return form, form.scope(actor, policies.home_region(request.user), organisation)


def visible_tables(request: HttpRequest) -> dict[str, tables.Builder]:
    """The tables this reader may have: intake for Bawaslu, monitoring for its watchers."""
    found: dict[str, tables.Builder] = {}
    if policies.sees_intake(request.user):
        found.update(tables.INTAKE)
    found.update(tables.HANDLING)
    found.update(tables.ENFORCEMENT)
    if policies.sees_monitoring(request.user):
        found.update(tables.MONITORING)
    return found


def _query(request: HttpRequest) -> str:
    keys = ("election", "region", "agency", "date_from", "date_to")
    return urlencode({k: request.GET[k] for k in keys if request.GET.get(k)})


SECTIONS = [
    ("intake", gettext_lazy("Intake"), tables.INTAKE),
    ("handling", gettext_lazy("Handling"), tables.HANDLING),
    ("enforcement", gettext_lazy("Enforcement"), tables.ENFORCEMENT),
    ("monitoring", gettext_lazy("Monitoring"), tables.MONITORING),
]


def _sections(
    scope: Scope, allowed: dict[str, tables.Builder], links: bool
) -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = []
    for key, title, builders in SECTIONS:
        tables_in = [
            (name, builder(scope))
            for name, builder in builders.items()
            if name in allowed and not (name == "regencies" and scope.region_level >= 2)
        ]
        built = [  # no chart beside an empty table: its "nothing to count" says it all
            {"table": table, "chart": _chart_for(name, scope) if table.rows else None,
             "links": links}
            for name, table in tables_in
        ]  # fmt: skip
        if built:
            sections.append({"key": key, "title": title, "items": built})
    return sections


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The figures of the reader's jurisdiction, filtered; each count links to its cases."""
    form, scope = _filters(request)
    allowed = visible_tables(request)
    links = policies.sees_cases(request.user)
    sections: list[dict[str, Any]] = []
    empty = scope is None
    if scope is not None:
        empty = not figures.cases_in(scope).exists() and not (
            "intake_outcomes" in allowed and figures.reports_in(scope).exists()
        )
    if not empty and scope is not None:
        with tables.memoised():
            sections = _sections(scope, allowed, links)
    context = {
        "form": form,
        "scope": scope,
        "sections": sections,
        "empty": empty,
        "query": _query(request),
        "national": scope is not None and not scope.region,
        "region_name": _region_name(scope.region if scope else ""),
        "numbers_only": not links,
        "platform_admin": not policies.reader_seats(request.user),
        "trends": policies.can_view_trends(request.user),
        "as_of": figures.as_of(scope) if sections and scope is not None else None,
    }
    return render(request, "insights/dashboard.html", context)


def _chart_for(table: str, scope: Scope) -> str | None:
    """The chart drawn beside a table: the province map beside the national table of areas."""
    if table == "regions":
        return "map" if not scope.region else None
    return CHART_OF.get(table)


def _region_name(code: str) -> str:
    from netral.registry.models import Region

    if not code:
        return _("Indonesia")
    return Region.objects.filter(code=code).values_list("name", flat=True).first() or code


def _province_table(scope: Scope) -> tables.Table:
    return tables.regions(scope, 2, "provinces")


@login_required
@csp_override({"default-src": ["'none'"], "style-src": ["'unsafe-inline'"]})
def chart(request: HttpRequest, name: str) -> HttpResponse:
    """One chart as an SVG image (shown with <img alt>; its numbers are in the table beside
    it). pygal styles its SVG with an inline <style>, which this response alone allows."""
    if name not in CHARTS:
        raise Http404
    _form, scope = _filters(request)
    key, kind = CHARTS[name]
    if name == "trend":
        return _svg_response(_trend_chart(request, scope))
    if key != "provinces" and key not in visible_tables(request):
        raise PermissionDenied
    if scope is None:
        table = tables.Table(key, _("No data"), ["", ""], [])
    elif key == "provinces":
        table = _province_table(scope)
    else:
        table = visible_tables(request)[key](scope)
    rows = [(label, value) for label, value in table.chart_rows() if isinstance(value, int | float)]
    if kind == "map":
        description = _("Cases per province; the table below the map gives every number.")
        svg = charts.choropleth(table.title, description, {r[4]: r[1] for r in table.rows})
    else:
        svg = charts.bars(table.title, rows, horizontal=kind == "hbar")
    return _svg_response(svg)


def _svg_response(svg: bytes) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=60"
    return response


def _trend_table(scope: Scope) -> tables.Table:
    agency_id = None
    if scope.agency:
        from netral.registry.models import Agency

        agency_id = Agency.objects.filter(code=scope.agency).values_list("pk", flat=True).first()
    rows = snapshots.trend(agency_id=agency_id, region_code="" if agency_id else scope.region)
    return tables.Table(
        "trend",
        _("Month by month"),
        [
            _("Month"),
            _("Reports"),
            _("Cases"),
            _("Violations"),
            _("Per 1,000 civil servants"),
            _("Recommendations"),
            _("Followed"),
            _("Lighter"),
            _("Not followed"),
            _("Pending or overdue"),
            _("Median days to decision"),
        ],  # fmt: skip
        [
            [
                f"{r.month:%Y-%m}",
                r.reports,
                r.cases,
                r.violations,
                "—" if r.per_thousand is None else r.per_thousand,
                r.recommendations,
                r.followed,
                r.lighter,
                r.not_followed,
                r.pending,
                "—" if r.decision_days is None else r.decision_days,
            ]
            for r in rows
        ],  # fmt: skip
        count_column=2,
    )


def _trend_chart(request: HttpRequest, scope: Scope | None) -> bytes:
    if not policies.can_view_trends(request.user):
        raise PermissionDenied
    table = _trend_table(scope) if scope is not None else tables.Table("trend", "", [], [])
    return charts.lines(
        str(_("Month by month")),
        [row[0] for row in table.rows],
        {
            str(_("Cases")): [row[2] for row in table.rows],
            str(_("Violations")): [row[3] for row in table.rows],
            str(_("Followed")): [row[6] for row in table.rows],
        },
    )


@login_required
def trends(request: HttpRequest) -> HttpResponse:
    """The kept monthly snapshots of the reader's region (or the agency filtered on)."""
    if not policies.can_view_trends(request.user):
        raise PermissionDenied
    form, scope = _filters(request)
    table = _trend_table(scope) if scope is not None else None
    context = {
        "form": form,
        "scope": scope,
        "item": {"table": table, "chart": "trend", "links": False} if table else None,
        "query": _query(request),
        "region_name": _region_name(scope.region if scope else ""),
    }
    return render(request, "insights/trends.html", context)


@login_required
def download(request: HttpRequest, table: str, kind: str) -> HttpResponseBase:
    """One dashboard table as CSV or XLSX, in the reader's scope; each download is an event."""
    if kind not in exports.FORMATS:
        raise Http404
    builders = visible_tables(request)
    if table == "provinces":
        builders = {**builders, "provinces": _province_table}
    if table == "trend":
        if not policies.can_view_trends(request.user):
            raise PermissionDenied
        builders = {**builders, "trend": _trend_table}
    if table not in builders and table not in tables.ALL:
        raise Http404
    form, scope = _filters(request)
    if table not in builders:
        raise PermissionDenied
    if scope is None:  # wrong filters: back to the page, which says what is wrong
        return redirect(reverse("insights:dashboard") + "?" + _query(request))
    built = builders[table](scope)
    services.record_download(
        by=request.user,  # type: ignore[arg-type]
        table=table,
        format=kind,
        scope=scope.as_query(),
        rows=len(built.rows),
        now=timezone.now(),
    )
    day = timezone.localdate().isoformat()
    return exports.download(
        f"netral-{table}-{day}", kind, [(built.sheet_name, built.columns, built.rows)]
    )


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    """The elections this reader may evaluate, each with its report and annex."""
    if not policies.can_view(request.user):
        raise PermissionDenied
    elections = policies.visible_elections(request.user)
    return render(request, "insights/reports.html", {"elections": elections})


def _evaluation(request: HttpRequest, code: str) -> evaluation.Evaluation:
    election = policies.get_election_for(request.user, code)
    _form, scope = _filters(request)
    actor = policies.scope_actor(request.user)
    base = scope or Scope(
        actor=actor,
        region=policies.home_region(request.user),
        organisation=policies.scope_organisation(request.user),
    )
    return evaluation.build(election, base, now=timezone.now())


@login_required
def report(request: HttpRequest, code: str) -> HttpResponse:
    """The post-election evaluation report as a page (print it, or download the PDF)."""
    return HttpResponse(evaluation.html(_evaluation(request, code)))


@login_required
def report_file(request: HttpRequest, code: str, kind: str) -> HttpResponseBase:
    """The report as PDF, or its annex as XLSX; each one generated is an event."""
    if kind not in ("pdf", "xlsx"):
        raise Http404
    built = _evaluation(request, code)
    now = timezone.now()
    services.record(
        InsightEvent.Type.REPORT_GENERATED,
        by=request.user,  # type: ignore[arg-type]
        now=now,
        election=code,
        format=kind,
    )
    name = f"evaluasi-{code}-{timezone.localdate(now).isoformat()}"
    if kind == "xlsx":
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        evaluation.annex(built, spool)
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=f"{name}-lampiran.xlsx",
                            content_type=exports.XLSX)  # fmt: skip
    document = evaluation.pdf(built)
    if document is None:  # no WeasyPrint here: the page prints as well
        return redirect(reverse("insights:report", args=[code]))
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@login_required
def queue_export(request: HttpRequest, kind: str) -> HttpResponseBase:
    """The case queue as filtered (its own filter form, its own access rules: only cases the
    reader may see), as CSV or XLSX; each download is an event."""
    if kind not in exports.FORMATS:
        raise Http404
    if not case_policies.seats(request.user):
        raise PermissionDenied
    form = case_forms.QueueFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():  # back to the queue, which says what is wrong
        return redirect(reverse("cases:queue") + "?" + request.GET.urlencode())
    cases = case_selectors.work_queue(request.user, form.filters(), now=timezone.now())
    filters = {key: str(value) for key, value in request.GET.items() if value and key != "page"}
    services.record_download(
        by=request.user,  # type: ignore[arg-type]
        table="queue",
        format=kind,
        scope=filters,
        rows=cases.count(),
        now=timezone.now(),
    )
    name = f"netral-kasus-{timezone.localdate().isoformat()}"
    return exports.download(
        name, kind, [(_("Cases"), tables.queue_columns(), tables.queue_rows(cases))]
    )
