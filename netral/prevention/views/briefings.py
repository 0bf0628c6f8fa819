"""Sosialisasi and Bimtek: planning, the event page and its materials, the check-in code,
attendance (by check-in or a list) and closing check-in."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from netral.prevention import certificates, forms, policies, selectors, services
from netral.prevention.views.common import (
    ATTENDED_KEY,
    Remember,
    list_upload,
    made_here,
    now,
    report,
    saved,
    write_as_asn,
)


@login_required
def briefing_new(request: HttpRequest, public_id: Any) -> HttpResponse:
    campaign = policies.get_campaign_for(request.user, public_id, policies.ACT)
    form = forms.BriefingForm(request.POST if request.method == "POST" else None)
    briefing = request.method == "POST" and saved(
        request,
        form,
        lambda: services.create_briefing(
            campaign=campaign, by=request.user, now=now(), **form.cleaned_data
        ),
        _("The event is planned. Show its check-in code at the door."),
    )
    if briefing:
        return redirect("prevention:briefing", briefing.public_id)
    status = 400 if request.method == "POST" else 200
    context = {"campaign": campaign, "form": form}
    return render(request, "prevention/briefing_new.html", context, status=status)


def _check_in_url(request: HttpRequest, code: str) -> str:
    return request.build_absolute_uri(f"{reverse('prevention:check_in')}?kode={code}")


def _briefing_page(
    request: HttpRequest, briefing: Any, material_form: Any = None, status: int = 200
) -> HttpResponse:
    check_in_url = _check_in_url(request, briefing.check_in_code)
    context = {
        "briefing": briefing,
        "campaign": briefing.campaign,
        "units": selectors.briefing_units(briefing),
        "recent": selectors.recent_attendance(briefing),
        "can_run": policies.can_run(request.user, briefing.campaign),
        "list_form": forms.AttendanceListForm(),
        "material_form": material_form or forms.MaterialForm(),
        "materials": briefing.materials.all(),
        "check_in_url": check_in_url,
        "qr": certificates.qr_svg(check_in_url),
    }
    return render(request, "prevention/briefing.html", context, status=status)


@login_required
def briefing_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _briefing_page(request, policies.get_briefing_for(request.user, public_id))


@login_required
@require_POST
def material_upload(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The organiser attaches a file to the briefing; a refusal shows on the form (400)."""
    briefing = policies.get_briefing_for(request.user, public_id, policies.ACT)
    form = forms.MaterialForm(request.POST, request.FILES)
    attached = saved(
        request,
        form,
        lambda: services.attach_material(
            briefing=briefing,
            upload=form.cleaned_data["file"],
            public=form.cleaned_data["public"],
            by=request.user,
            now=now(),
        ),
        _("The material is attached."),
    )
    if attached:
        return redirect("prevention:briefing", briefing.public_id)
    return _briefing_page(request, briefing, form, status=400)


def briefing_material(request: HttpRequest, public_id: Any) -> FileResponse:
    """A briefing's material, for who may have it (policies.may_download_material); else 404."""
    material = selectors.material(public_id)
    attended = made_here(request, ATTENDED_KEY)
    if material is None or not policies.may_download_material(request.user, material, attended):
        raise Http404
    try:
        handle = material.file.open("rb")
    except FileNotFoundError:  # the row outlived its file (a restore, a disk cleaned by hand)
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=material.name,
        content_type=material.content_type,
    )
    if not material.public:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
def briefing_code(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The check-in code and its QR code, large, for the screen at the event."""
    briefing = policies.get_briefing_for(request.user, public_id, policies.ACT)
    check_in_url = _check_in_url(request, briefing.check_in_code)
    context = {
        "briefing": briefing,
        "check_in_url": check_in_url,
        "qr": certificates.qr_svg(check_in_url),
        "printed": briefing.check_in_code,
    }
    return render(request, "prevention/briefing_code.html", context)


@login_required
@require_POST
def attendance_list(request: HttpRequest, public_id: Any) -> HttpResponse:
    briefing = policies.get_briefing_for(request.user, public_id, policies.ACT)
    return list_upload(
        request,
        forms.AttendanceListForm(request.POST, request.FILES),
        lambda path: services.record_attendance_list(
            briefing=briefing, table_path=path, by=request.user, now=now()
        ),
        lambda result: (
            _("%(recorded)d attendees recorded; %(already)d were already on the list.")
            % {"recorded": result.recorded, "already": result.already_recorded}
            if result.saved
            else None
        ),
        reverse("prevention:briefing", args=[briefing.public_id]),
        ("prevention/attendance_list.html", {"briefing": briefing}),
    )


@login_required
@require_POST
def briefing_close(request: HttpRequest, public_id: Any) -> HttpResponse:
    briefing = policies.get_briefing_for(request.user, public_id, policies.ACT)
    report(
        request,
        lambda: services.close_check_in(briefing=briefing, by=request.user, now=now()),
        _("Check-in is closed."),
    )
    return redirect("prevention:briefing", briefing.public_id)


def check_in(request: HttpRequest) -> HttpResponse:
    """An ASN at a sosialisasi or Bimtek: the event's code (from the screen or its QR), NIP and
    their one-time code."""
    initial = {"event_code": request.GET.get("kode", "")[:12]}
    posted = request.POST if request.method == "POST" else None
    form = forms.CheckInForm(posted, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            outcome = write_as_asn(
                request,
                form,
                lambda: services.check_in(
                    event_code=form.cleaned_data["event_code"],
                    nip=form.cleaned_data["nip"],
                    code=form.cleaned_data["code"],
                    now=now(),
                ),
                Remember(ATTENDED_KEY, lambda made: made.pk, "prevention:checked_in"),
            )
            if isinstance(outcome, HttpResponse):
                return outcome
            status = outcome
    briefing = services.briefing_by_code(initial["event_code"]) if initial["event_code"] else None
    context = {"form": form, "briefing": briefing}
    return render(request, "prevention/check_in.html", context, status=status)


def checked_in(request: HttpRequest, pk: int) -> HttpResponse:
    attendance = selectors.attendance(pk)
    if attendance is None or pk not in made_here(request, ATTENDED_KEY):
        raise Http404
    context = {
        "attendance": attendance,
        "briefing": attendance.briefing,
        "materials": attendance.briefing.materials.all(),
    }
    return render(request, "prevention/checked_in.html", context)
