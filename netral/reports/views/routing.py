"""Assigning an intake report to a colleague and forwarding it to another Bawaslu."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.core import htmx as core_htmx
from netral.reports import policies, services, staff_forms
from netral.reports.views.staff import _triage, _user


@login_required
@require_POST
def assign(request: HttpRequest, code: str) -> HttpResponse:
    report = policies.get_report_for(request.user, code, "route")
    form = staff_forms.AssignForm(request.POST, report=report, user=request.user)

    def perform(data: dict[str, Any]) -> str:
        services.assign_report(
            report=report, assignee=data["assignee"], by=_user(request), now=timezone.now()
        )
        name = data["assignee"].get_full_name() or data["assignee"].username
        return _("The report was assigned to %(name)s.") % {"name": name}

    return _triage(request, report, form, form_name="assign_form", perform=perform)


@login_required
@require_POST
def forward(request: HttpRequest, code: str) -> HttpResponse:
    """On success the sender may no longer see the report: back to the queue with a notice."""
    report = policies.get_report_for(request.user, code, "route")
    form = staff_forms.ForwardForm(request.POST, report=report, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        services.forward_report(
            report=report,
            to=data["to"],
            by=_user(request),
            reason=data["reason"],
            now=timezone.now(),
        )
        messages.success(
            request,
            _("Report %(code)s was forwarded to %(to)s.")
            % {"code": report.display_code, "to": data["to"].name},
        )
        return core_htmx.redirect_after_post(request, reverse("reports:queue"))
    return _triage(request, report, form, form_name="forward_form", perform=lambda data: "")
