"""Public pages of the rules app: the catalogue, the self-check, versions, sanctions, deadlines.

All of it is public law, so every page is readable without signing in. Every form uses GET:
answers have shareable URLs and work without JavaScript; HTMX only swaps the result fragment.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from netral.core.htmx import is_htmx, render_htmx
from netral.rules import catalogue as cat
from netral.rules import deadlines, explainers, forms, policies, selectors, selfcheck


def _lang() -> str:
    return get_language() or "id"


def _bound(form_class: type, request: HttpRequest, keys: tuple[str, ...]) -> Any:
    """A GET form bound only when one of its fields was submitted."""
    return form_class(request.GET if any(k in request.GET for k in keys) else None)


def catalogue_list(request: HttpRequest) -> HttpResponse:
    form = forms.CatalogueSearchForm(request.GET or None)
    query = category = ""
    on = timezone.localdate()
    if form.is_bound and form.is_valid():
        query = form.cleaned_data["q"]
        category = form.cleaned_data["category"]
        on = form.cleaned_data["on"] or on
    version = cat.version_on(on)
    found = cat.ordered(cat.search(version, query, category))
    categories = cat.catalogue().categories
    groups = [
        (categories[key], [item for item in found if item.category == key])
        for key in categories
        if any(item.category == key for item in found)
    ]
    context = {"form": form, "version": version, "groups": groups, "count": len(found), "on": on}
    return render_htmx(request, "rules/catalogue_list.html", context, partial="results")


def entry_detail(request: HttpRequest, code: str) -> HttpResponse:
    on = _date_param(request, "on") or timezone.localdate()
    version = cat.version_on(on)
    item = version.entries.get(code.upper())
    if item is None:
        raise Http404
    history = [
        (v, v.entries[item.code]) for v in cat.catalogue().versions if item.code in v.entries
    ]
    context = {
        "entry": item,
        "version": version,
        "category": cat.catalogue().categories[item.category],
        "sanctions": cat.sanctions_for(item),
        "bodies": [cat.catalogue().bodies[key] for key in item.forward_to],
        "history": history,
        "on": on,
    }
    return render_htmx(request, "rules/entry_detail.html", context)


def check(request: HttpRequest) -> HttpResponse:
    """Boleh atau tidak? A guided form or an example situation, answered in plain words."""
    situations = selfcheck.situations()
    situation = situations.get(request.GET.get("contoh", ""))
    form = _bound(forms.CheckForm, request, ("act", "incident_date"))
    facts = None
    if situation is not None:
        facts = situation.facts
    elif form.is_bound and form.is_valid():
        facts = form.to_facts()
    answer = selfcheck.answer(facts, _lang()) if facts is not None else None
    context = {
        # The learning module that explains the answer, where an app offers one.
        "explainers": explainers.links(answer.entries, facts.family, timezone.localdate())
        if answer is not None and facts is not None
        else [],
        "form": form,
        # The htmx answer carries the form too (out of band), marked or cleared like the page's.
        "fragment": is_htmx(request),
        "answer": answer,
        "situation": situation,
        "situations": situations.values(),
        "categories": cat.catalogue().categories,
        "bodies": cat.catalogue().bodies,
    }
    return render_htmx(request, "rules/check.html", context, partial="answer")


def sanction_levels(request: HttpRequest) -> HttpResponse:
    sanctions = cat.catalogue().sanctions.values()
    regimes: dict[str, list[cat.Sanction]] = {}
    for sanction in sanctions:
        regimes.setdefault(sanction.regime, []).append(sanction)
    context = {
        "regimes": regimes,
        "categories": cat.catalogue().categories.values(),
        "recommending": cat.catalogue().recommending,
        "bodies": cat.catalogue().bodies,
        "today_body": cat.recommending_period_on(timezone.localdate()),
    }
    return render_htmx(request, "rules/sanctions.html", context)


def version_list(request: HttpRequest) -> HttpResponse:
    versions = cat.catalogue().versions
    form = _bound(forms.DiffForm, request, ("a", "b"))
    difference = None
    if form.is_bound and form.is_valid():
        difference = cat.diff(form.cleaned_data["a"], form.cleaned_data["b"])
    elif not form.is_bound and len(versions) > 1:
        form = forms.DiffForm(initial={"a": versions[-2].id, "b": versions[-1].id})
    context = {"versions": versions, "form": form, "diff": difference}
    return render_htmx(request, "rules/versions.html", context, partial="diff")


def deadline_table(request: HttpRequest) -> HttpResponse:
    holidays = selectors.holiday_dates()
    form = _bound(forms.DueForm, request, ("rule", "start"))
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        result = deadlines.due(data["start"], data["rule"], holidays=holidays, zone=data["zone"])
    today = timezone.localdate()
    context = {
        "rules": deadlines.rules().values(),
        "form": form,
        "due": result,
        "due_text": result.explanation_in(_lang()) if result else "",
        "calendar_warning": result.calendar_warning_in(_lang()) if result else "",
        "calendar": deadlines.calendar_config(),
        "holidays": policies.visible_holidays(request.user).filter(date__year=today.year),
        "year": today.year,
        "can_edit_holidays": policies.can_edit_holidays(request.user),
    }
    return render_htmx(request, "rules/deadlines.html", context, partial="due")


def _date_param(request: HttpRequest, name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return None
