"""The case page and the actions taken from it: workflow steps, assignment, tags, links."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.cases import adapters, forms, policies, selectors, services, workflow
from netral.cases.models import Case, Step
from netral.cases.views.common import attach_errors, keep_for_resubmit, now, page, redirect
from netral.core.htmx import is_htmx

TEMPLATE = "cases/case_detail.html"


def detail_context(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "case": case,
        "now": now(),
        "steps": selectors.current_steps(case),
        "timeline": selectors.timeline_rows(case),
        "transitions": policies.available_transitions(user, case),
        "can_assign": policies.can_assign(user, case),
        "can_tag": policies.can_tag(user, case),
        "can_link": policies.can_link(user, case),
        "can_identity": bool(case.source_ref)
        and policies.can_view_identity(user, case)
        and adapters.reporter_gave_identity(case.source_ref),
        "documents": [
            (doc, policies.can_release_document(user, doc))
            for doc in case.documents.order_by("-generated_at")
        ],
        "recommendations": case.recommendations.select_related(
            "addressed_to", "issued_by"
        ).prefetch_related("decisions"),
        "decisions": case.decisions.select_related("organisation").order_by("decided_at"),
        "awaiting_review": services.decision_awaiting_review(case),
        "can_review_reason": policies.can_review_ppk_reason(user, case),
        "rungs_to_act_on": policies.rungs_to_act_on(user, case),
        "ladder_top": len(workflow.ESCALATION_LADDER),
        "can_lift_block": policies.can_lift_siasn_block(user, case),
        "lift_form": forms.LiftBlockForm(initial={"version": case.version}),
        "review_form": forms.ReasonReviewForm(initial={"version": case.version}),
        "links": case.links.select_related("other_case"),
        "handoffs": case.handoffs.select_related("from_organisation", "to_organisation"),
        "evidence": adapters.evidence_links(user, case.source_ref) if case.source_ref else {},
        "case_evidence": adapters.case_evidence(
            case.source_ref, names_shown=policies.evidence_names_shown(user, case)
        )
        if policies.can_view_case_evidence(user, case)
        else [],
        "codes": selectors.code_rows(case.codes),
        "assign_form": forms.AssignForm(
            initial={
                "version": case.version,
                "officer": case.assignee.username if case.assignee else "",
            },
            organisation=case.owner,
        ),
        "tag_form": forms.TagForm(),
        "link_form": forms.LinkForm(),
        **extra,
    }


@login_required
def detail(request: HttpRequest, code: str) -> HttpResponse:
    case = policies.get_case_for(request.user, code, "view")
    return page(request, TEMPLATE, detail_context(request, case), partial="case-main")


def _moved_on_or_403(request: HttpRequest, case: Case, step: str | Step) -> HttpResponse:
    """A refused post from a page of an older version that the person could have acted on:
    the case moved on, say so with a way back to it (visible to htmx too); otherwise 403."""
    shown = request.POST.get("version") if request.method == "POST" else None
    if not policies.moved_on_since(request.user, case, shown, step=step):
        raise PermissionDenied
    context = {"case": case, "message": services.stale_case().messages[0]}
    status = 200 if is_htmx(request) else 409  # htmx swaps a 200 answer in place of the form
    return page(request, "cases/stale.html", context, partial="stale", status=status)


@login_required
def transition(request: HttpRequest, code: str, action: str) -> HttpResponse:
    """One workflow step: its form, then the service; errors come back on the form.

    404 for an action that does not exist; 403 for a real one this user may not take."""
    try:
        found = workflow.transition(action)
    except KeyError:
        raise Http404 from None
    case = policies.get_case_for(request.user, code, "transition")
    if not policies.can_transition(request.user, case, action):
        return _moved_on_or_403(request, case, action)
    initial: dict[str, Any] = {"version": case.version}
    if workflow.Input.CODES in found.inputs:
        initial["codes"] = adapters.suggested_codes(case)
    if workflow.Input.ELECTION in found.inputs:
        initial["election"] = case.election.code if case.election is not None else ""
        initial["target_stage"] = adapters.suggested_stage(case)
    search, stale = request.GET.get("cari", ""), False
    form = forms.TransitionForm(
        request.POST or None,
        request.FILES or None,
        transition=found,
        case=case,
        initial=initial,
        search=search,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.transition(
                case=case,
                action=action,
                by=request.user,
                now=now(),
                data=form.service_data(),
                expected_version=form.cleaned_data["version"],
                decree_file=form.cleaned_data.get("decree_file"),
            )
        except services.StaleCase as exc:
            keep_for_resubmit(form, exc)
            stale = True
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": found.label})
            return redirect(request, reverse("cases:detail", args=[case.code]))
    context = {"case": case, "transition": found, "form": form, "search": search, "stale": stale}
    return page(request, "cases/transition.html", context, partial="action-form")


def _after(request: HttpRequest, case: Case, notice: str) -> HttpResponse:
    messages.success(request, notice)
    return redirect(request, reverse("cases:detail", args=[case.code]))


def _refused(request: HttpRequest, case: Case, error: ValidationError) -> HttpResponse:
    for message in error.messages:
        messages.error(request, message)
    return redirect(request, reverse("cases:detail", args=[case.code]))


@login_required
@require_POST
def assign(request: HttpRequest, code: str) -> HttpResponse:
    case = policies.get_case_for(request.user, code, "assign")
    form = forms.AssignForm(request.POST, organisation=case.owner)
    if not form.is_valid():
        return _refused(request, case, ValidationError(_("Choose an officer of the team.")))
    try:
        services.assign_officer(
            case=case,
            officer=form.chosen_officer(),
            by=request.user,
            now=now(),
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        return _refused(request, case, exc)
    return _after(request, case, _("Assignment saved."))


@login_required
@require_POST
def tag(request: HttpRequest, code: str) -> HttpResponse:
    case = policies.get_case_for(request.user, code, "tag")
    form = forms.TagForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, ValidationError(list(form.errors.get("add") or [])))
    remove = [form.cleaned_data.get("remove", "")] if form.cleaned_data.get("remove") else []
    if not form.added() and not remove:
        return _refused(request, case, ValidationError(_("Type a tag to add.")))
    try:
        services.tag(case=case, add=form.added(), remove=remove, by=request.user, now=now())
    except ValidationError as exc:
        return _refused(request, case, exc)
    return _after(request, case, _("Tags saved."))


@login_required
@require_POST
def link(request: HttpRequest, code: str) -> HttpResponse:
    """Related, duplicate of, or merged into another case of the same organisation."""
    case = policies.get_case_for(request.user, code, "link")
    form = forms.LinkForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, ValidationError(_("Give the other case's code.")))
    data = form.cleaned_data
    other_code = data["other"].strip().upper()
    try:
        other = policies.get_case_for(request.user, other_code, "view")
    except Http404:
        message = _("There is no case %(code)s that you can see.") % {"code": other_code}
        return _refused(request, case, ValidationError(message))
    try:
        if data["kind"] == "related":
            services.link_cases(
                case=case, other=other, note=data["reason"], by=request.user, now=now()
            )
        elif data["kind"] == "duplicate":
            services.close_as_duplicate(
                case=case, of=other, reason=data["reason"], by=request.user, now=now()
            )
        else:
            services.merge_cases(
                case=case, into=other, reason=data["reason"], by=request.user, now=now()
            )
    except ValidationError as exc:
        return _refused(request, case, exc)
    return _after(request, case, _("Link saved."))


@login_required
@require_POST
def identity(request: HttpRequest, code: str) -> HttpResponse:
    """Opens the reporter's identity for an allowed reader; the opening is on the timeline."""
    case = policies.get_case_for(request.user, code, "view_identity")
    found = services.view_reporter_identity(case=case, by=request.user, now=now())
    context = detail_context(request, case, identity=found, identity_opened=True)
    return page(request, TEMPLATE, context, partial="identity")


@login_required
def review_reason(request: HttpRequest, code: str) -> HttpResponse:
    """BKN accepts or refuses the PPK's reason for a lighter or no sanction."""
    case = policies.get_case_for(request.user, code, "view")
    if not policies.can_review_ppk_reason(request.user, case):
        return _moved_on_or_403(request, case, "review_reason")
    form = forms.ReasonReviewForm(request.POST or None, initial={"version": case.version})
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.review_ppk_reason(
                case=case,
                by=request.user,
                now=now(),
                accept=form.cleaned_data["answer"] == "accept",
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleCase as exc:
            keep_for_resubmit(form, exc)
            stale = True
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return _after(request, case, _("Your answer to the PPK's reason was recorded."))
    decision = services.decision_awaiting_review(case)
    context = {"case": case, "form": form, "decision": decision, "stale": stale}
    return page(request, "cases/review_reason.html", context, partial="review-form")


@login_required
def escalation_action(request: HttpRequest, code: str, step: str) -> HttpResponse:
    """The body an escalation rung addresses acts on it: reprimand, SIASN block, report."""
    case = policies.get_case_for(request.user, code, "view")
    found = next(
        (s for s in policies.rungs_to_act_on(request.user, case) if str(s.public_id) == str(step)),
        None,
    )
    if found is None:
        gone = case.steps.filter(public_id=step, kind__startswith="escalation.").first()
        return _moved_on_or_403(request, case, gone or "")
    rung = workflow.rung_by_key(found.kind.removeprefix("escalation."))
    actions = rung.actions if rung else ()
    form = forms.EscalationActionForm(
        request.POST or None, initial={"version": case.version}, actions=actions
    )
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            services.act_on_rung(
                case=case,
                step_id=str(found.public_id),
                action=form.cleaned_data["action"],
                by=request.user,
                now=now(),
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleCase as exc:
            keep_for_resubmit(form, exc)
            stale = True
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return _after(request, case, _("Your action on the escalation was recorded."))
    context = {"case": case, "form": form, "step": found, "rung": rung, "stale": stale}
    return page(request, "cases/escalation_action.html", context, partial="rung-form")


@login_required
@require_POST
def lift_block(request: HttpRequest, code: str) -> HttpResponse:
    """BKN lifts the SIASN block once a compliant decree is recorded."""
    case = policies.get_case_for(request.user, code, "view")
    if not policies.can_lift_siasn_block(request.user, case):
        raise PermissionDenied
    form = forms.LiftBlockForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, ValidationError(_("Reload the page and try again.")))
    try:
        services.lift_siasn_block(
            case=case,
            by=request.user,
            now=now(),
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        return _refused(request, case, exc)
    return _after(request, case, _("The SIASN block was lifted."))
