"""The work queue of an organisation, with filters and bulk actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from netral.accounts.models import Organisation
from netral.cases import forms, policies, selectors, services
from netral.cases.models import Case
from netral.cases.views.common import now, page, redirect
from netral.core import pagination

PER_PAGE = 50


def _handling_orgs(request: HttpRequest) -> list[Organisation]:
    return [s.organisation for s in policies.seats(request.user) if "handle" in s.capabilities]


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Cases the user's organisations see, soonest deadline first; filters keep the URL."""
    form = forms.QueueFilterForm(request.GET or None)
    moment = now()
    cases = selectors.work_queue(request.user, form.filters(), now=moment)
    listing = pagination.paginate_capped(request, cases, PER_PAGE)
    context = {
        "form": form,
        "page_obj": listing,
        "now": moment,
        "bulk_form": forms.BulkForm(organisations=_handling_orgs(request)),
        "can_bulk": bool(_handling_orgs(request)),
        "can_open": policies.opening_seat(request.user) is not None,
        "query": request.GET.urlencode(),
    }
    return page(request, "cases/queue.html", context, partial="results")


def _apply(request: HttpRequest, case: Case, form: forms.BulkForm, target: Case | None) -> None:
    data = form.cleaned_data
    if data["action"] == "assign":
        officer = forms.AssignForm(
            {"officer": data["officer"], "version": 0}, organisation=case.owner
        )
        if not officer.is_valid():
            raise ValidationError(_("Choose an officer of the team."))
        services.assign_officer(
            case=case, officer=officer.chosen_officer(), by=request.user, now=now()
        )
    elif data["action"] == "tag":
        services.tag(case=case, add=data["tags"].split(","), by=request.user, now=now())
    else:
        assert target is not None  # found by `_duplicate_target` before the first case
        services.close_as_duplicate(
            case=case, of=target, reason=data["reason"], by=request.user, now=now()
        )


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """One action over the ticked cases; each case is checked and changed on its own."""
    form = forms.BulkForm(request.POST, organisations=_handling_orgs(request))
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(str(item) for item in error))
        return redirect(request, reverse("cases:queue"))
    back = reverse("cases:queue") + "?" + request.POST.get("query", "")
    target = None
    if form.cleaned_data["action"] == "duplicate":
        target = _duplicate_target(request, form.cleaned_data["duplicate_of"])
        if target is None:
            return redirect(request, back)
    done, failed = 0, []
    action = {"assign": "assign", "tag": "tag", "duplicate": "link"}[form.cleaned_data["action"]]
    for code in form.cleaned_data["codes"]:
        try:
            case = _case_for(request, code, action)
            _apply(request, case, form, target)
            done += 1
        except ValidationError as exc:
            failed.append(f"{code}: {' '.join(exc.messages)}")
    messages.success(
        request, ngettext("%(n)s case updated.", "%(n)s cases updated.", done) % {"n": done}
    )
    for problem in failed:
        messages.error(request, problem)
    return redirect(request, back)


def _no_case(code: str) -> str:
    return _("There is no case %(code)s that you can see.") % {"code": code}


def _case_for(request: HttpRequest, code: str, action: str) -> Case:
    """One ticked case; a ValidationError that says why when it cannot be touched."""
    try:
        return policies.get_case_for(request.user, code, action)
    except Http404:
        raise ValidationError(_no_case(code)) from None
    except PermissionDenied:
        case = policies.readable_case(request.user, code).select_related("owner").get()
        raise ValidationError(policies.refusal(request.user, action, case)) from None


def _duplicate_target(request: HttpRequest, raw: str) -> Case | None:
    """The case that continues, looked up once: a code nobody can see stops the whole action
    (otherwise every ticked case would report the same missing target)."""
    code = raw.strip().upper()
    try:
        return policies.get_case_for(request.user, code, "view")
    except Http404:
        messages.error(request, _no_case(code))
        return None
