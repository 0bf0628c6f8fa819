"""Who may see and handle public reports. Deny by default.

Intake belongs to Bawaslu: only members of Bawaslu organisations (RI, provinsi, kabupaten/kota)
see reports, and only those whose jurisdiction contains the report's region. Roles carry the
capabilities of `accounts.access`: viewers read, officers and up handle (triage, download
originals). A reporter's identity is narrower still (`READ_IDENTITY`): officers and supervisors
only, the people who handle reports, not the organisation's member administrators. BKN, the PPK
side and platform administrators see nothing here (they meet reports later, as cases).

A report forwarded to another Bawaslu (`Report.handling_organisation`, decision 0095) belongs to
that Bawaslu's jurisdiction instead of its region's: the receiving Bawaslu and those above it
see and handle it, the sending one (unless it is above the receiver) no longer does.
"""

from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from netral.accounts import access
from netral.accounts.access import Capability
from netral.accounts.models import Organisation, User
from netral.registry.models import Region
from netral.reports.models import Report, ReportQuerySet

Action = Literal["view", "triage", "read_identity", "download", "route"]
AnyUser = User | AnonymousUser | None

_INTAKE = {Organisation.Family.BAWASLU}


def intake_codes(user: AnyUser) -> set[str]:
    """Region codes of the user's Bawaslu organisations ("" for Bawaslu RI)."""
    return access.actor_of(user).region_codes(families=_INTAKE)


def is_intake_staff(user: AnyUser) -> bool:
    return bool(access.actor_of(user).seats_in(_INTAKE))


def visible_reports(user: AnyUser) -> ReportQuerySet:
    """Reports in the user's Bawaslu jurisdiction; nothing for anyone else."""
    codes = intake_codes(user)
    if not codes:
        return Report.objects.none()
    unrouted = Q(handling_organisation__isnull=True) & Region.within_q(codes, "region__code")
    routed = Q(handling_organisation__isnull=False) & Region.within_q(
        codes, "handling_organisation__region__code"
    )
    return Report.objects.filter(unrouted | routed).select_related(
        "region", "handling_organisation", "assignee"
    )


def jurisdiction_code(report: Report) -> str | None:
    """The region code whose Bawaslu handles the report: the forwarded-to organisation's
    (None for Bawaslu RI, which only the whole-country seat covers), else the report's."""
    handler = report.handling_organisation
    if handler is None:
        return report.region.code
    return handler.region.code if handler.region else None


def acting_organisation(user: AnyUser, report: Report) -> Organisation | None:
    """The Bawaslu organisation the user acts for on this report: the closest to its region."""
    code = jurisdiction_code(report)
    covering = [seat for seat in access.actor_of(user).seats_in(_INTAKE) if seat.covers(code)]
    if not covering:
        return None

    def depth(seat: access.Seat) -> int:
        region = seat.organisation.region
        return region.level if region else 0

    return max(covering, key=depth).organisation


def _capable(user: AnyUser, report: Report, capability: Capability) -> bool:
    return access.actor_of(user).covers(jurisdiction_code(report), capability, _INTAKE)


def can_view(user: AnyUser, report: Report) -> bool:
    return _capable(user, report, Capability.VIEW)


def can_triage(user: AnyUser, report: Report) -> bool:
    """Members who may handle (officer and up) of a Bawaslu covering the report's region."""
    return _capable(user, report, Capability.HANDLE)


def can_read_identity(user: AnyUser, report: Report) -> bool:
    """Officers and supervisors covering the region, for formal reports that hold an identity."""
    if report.track != Report.Track.FORMAL:
        return False
    return _capable(user, report, Capability.READ_IDENTITY)


def can_download(user: AnyUser, report: Report) -> bool:
    return _capable(user, report, Capability.HANDLE)


def can_route(user: AnyUser, report: Report) -> bool:
    """Assigning an open report to a colleague or forwarding it to another Bawaslu: those who
    may give work to colleagues (officers and up) where the report is handled."""
    return report.is_open and _capable(user, report, Capability.ASSIGN)


_CHECKS = {
    "view": can_view,
    "triage": can_triage,
    "read_identity": can_read_identity,
    "download": can_download,
    "route": can_route,
}


def get_report_for(user: AnyUser, code: str, action: Action) -> Report:
    """The report with this reference: 404 if the user cannot see it, 403 if they cannot act."""
    report = visible_reports(user).filter(code=str(code).upper().replace("-", "")).first()
    if report is None:
        raise Http404
    if not _CHECKS[action](user, report):
        raise PermissionDenied
    return report


def assigning_organisations(user: AnyUser) -> list[Organisation]:
    """The Bawaslu where this user may give reports to colleagues (bulk assignment)."""
    return [
        seat.organisation
        for seat in access.actor_of(user).seats_in({Organisation.Family.BAWASLU})
        if seat.can(Capability.ASSIGN)
    ]
