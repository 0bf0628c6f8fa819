"""Registry pages: regions, agencies, civil servants and elections. Thin: policies and selectors
decide, templates show. Reference data is public; personal data needs a login and jurisdiction.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from netral.core.htmx import as_whole_page, render_htmx
from netral.core.pagination import paginate
from netral.registry import forms, policies, sections, selectors

PAGE_SIZE = 50


def _int(value: str | None, low: int, high: int) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if low <= number <= high else None


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The registry's front page: what reference data there is, and where."""
    return render(request, "registry/index.html")


@require_GET
def region_list(request: HttpRequest) -> HttpResponse:
    form = forms.SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "form": form,
        "query": query,
        "results": selectors.autocomplete_regions(query) if query else [],
        "provinces": selectors.region_children(None),
    }
    return render_htmx(request, "registry/region_list.html", context, partial="results")


@require_GET
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = policies.get_region_for(request.user, code)
    context = {
        "region": region,
        "ancestors": selectors.region_ancestors(code)[:-1],
        "children": selectors.region_children(code),
        "agencies": policies.visible_agencies(request.user).filter(region=region)[:PAGE_SIZE],
    }
    return render(request, "registry/region_detail.html", context)


@require_GET
def _query(request: HttpRequest, field: str) -> str:
    """The search text: `q`, or the value of a filter input named `field` that asks for its own
    suggestions (registry.forms.AutocompleteInput sends its name, not `q`)."""
    return (request.GET.get("q") or request.GET.get(field) or "")[:100]


def region_autocomplete(request: HttpRequest) -> HttpResponse:
    """Matching regions as <option>s (format=options, for a datalist) or as a small list."""
    results = selectors.autocomplete_regions(
        _query(request, "region"),
        level=_int(request.GET.get("level"), 1, 4),
        within=request.GET.get("within", "")[:13] or None,
    )
    partial = "options" if request.GET.get("format") == "options" else "results"
    context = {"results": results, "query": request.GET.get("q", "")}
    return render(request, f"registry/region_list.html#{partial}", context)


@require_GET
def region_cascade(request: HttpRequest) -> HttpResponse:
    """The cascade widget re-rendered for the current choices (htmx swaps it in place)."""
    name = request.GET.get("name", "region")
    max_level = _int(request.GET.get("max_level"), 1, 4) or 4
    if not forms.FIELD_NAME.match(name):
        return as_whole_page(request, render(request, "400.html", status=400))
    widget = forms.RegionCascadeWidget(max_level=max_level)
    value = widget.value_from_datadict(request.GET, {}, name)
    return HttpResponse(widget.render(name, value, attrs={"id": f"id_{name}"}))


@require_GET
def agency_list(request: HttpRequest) -> HttpResponse:
    form = forms.SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    if query:
        agencies = selectors.autocomplete_agencies(query, user=request.user, limit=PAGE_SIZE)
        page = None
    else:
        page = paginate(request, policies.visible_agencies(request.user), PAGE_SIZE)
        agencies = list(page)
    context = {"form": form, "query": query, "agencies": agencies, "page": page}
    return render_htmx(request, "registry/agency_list.html", context, partial="results")


@require_GET
def agency_autocomplete(request: HttpRequest) -> HttpResponse:
    agencies = selectors.autocomplete_agencies(_query(request, "agency"), user=request.user)
    partial = "options" if request.GET.get("format") == "options" else "results"
    return render(request, f"registry/agency_list.html#{partial}", {"agencies": agencies})


@require_GET
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = policies.get_agency_for(request.user, code)
    may_see_staff = policies.can_view_agency_staff(request.user, agency)
    staff = None
    if may_see_staff:
        people = selectors.agency_civil_servants(request.user, agency)
        staff = paginate(request, people, PAGE_SIZE)
    context = {
        "agency": agency,
        "region_path": selectors.region_path(agency.region.code) if agency.region else [],
        "children": policies.visible_agencies(request.user).filter(parent=agency),
        "may_see_staff": may_see_staff,
        "staff": staff,
    }
    return render(request, "registry/agency_detail.html", context)


@login_required
@require_GET
def civil_servant_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        civil_servant = policies.get_civil_servant_for(request.user, public_id, "view")
    except PermissionDenied:
        return render(request, "registry/civil_servant_denied.html", status=403)
    context = {
        "person": civil_servant,
        "decoded": selectors.decoded_identifier(civil_servant),
        "accounts": civil_servant.social_accounts.all(),
        "sections": sections.sections_for(request.user, civil_servant),
        "region_path": selectors.region_path(civil_servant.agency.region.code)
        if civil_servant.agency.region
        else [],
    }
    return render(request, "registry/civil_servant_detail.html", context)


@require_GET
def election_list(request: HttpRequest) -> HttpResponse:
    elections = policies.visible_elections(request.user)
    return render(request, "registry/election_list.html", {"elections": elections})


@require_GET
def election_detail(request: HttpRequest, code: str) -> HttpResponse:
    election = policies.get_election_for(request.user, code)
    context = {
        "election": election,
        "region_path": selectors.region_path(election.region.code) if election.region else [],
        "stages": election.stages.all(),
        "candidates": election.candidates.all(),
    }
    return render(request, "registry/election_detail.html", context)
