"""Who may see and handle public reports. Deny by default.

Intake belongs to Bawaslu: only members of Bawaslu organisations (RI, provinsi, kabupaten/kota)
see reports, and only those whose jurisdiction contains the report's region. Roles carry the
capabilities of the accounts app: viewers read, officers and up act (triage, download
originals). A reporter's identity is narrower still: officers and supervisors only, the people
who handle reports, not the organisation's member administrators. BKN, the PPK side and platform
administrators see nothing here (they meet reports later, as cases).
"""

from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from netral.accounts.models import Membership, Organisation, User
from netral.accounts.policies import ROLE_CAPABILITIES, Capability
from netral.reports.models import Report, ReportQuerySet

Action = Literal["view", "triage", "read_identity", "download"]
AnyUser = User | AnonymousUser | None

BAWASLU_KINDS = frozenset(
    {
        Organisation.Kind.BAWASLU_RI,
        Organisation.Kind.BAWASLU_PROVINSI,
        Organisation.Kind.BAWASLU_KABKOTA,
    }
)
IDENTITY_ROLES = frozenset({Membership.Role.OFFICER, Membership.Role.SUPERVISOR})


def _bawaslu_memberships(user: AnyUser) -> list[Membership]:
    if not isinstance(user, User) or not user.is_active:
        return []
    # Cached on the user object: one page asks several questions about the same person.
    cached: list[Membership] | None = getattr(user, "_reports_memberships", None)
    if cached is None:
        cached = [m for m in user.active_memberships() if m.organisation.kind in BAWASLU_KINDS]
        user._reports_memberships = cached  # type: ignore[attr-defined]
    return cached


def _covers(membership: Membership, report: Report) -> bool:
    region = membership.organisation.region
    return region is None or region.contains(report.region.code)


def intake_codes(user: AnyUser) -> set[str]:
    """Region codes of the user's Bawaslu organisations ("" for Bawaslu RI)."""
    codes = set()
    for membership in _bawaslu_memberships(user):
        region = membership.organisation.region
        codes.add(region.code if region else "")
    return codes


def is_intake_staff(user: AnyUser) -> bool:
    return bool(_bawaslu_memberships(user))


def visible_reports(user: AnyUser) -> ReportQuerySet:
    """Reports in the user's Bawaslu jurisdiction; nothing for anyone else."""
    codes = intake_codes(user)
    if not codes:
        return Report.objects.none()
    return Report.objects.in_regions(codes).select_related("region")


def acting_organisation(user: AnyUser, report: Report) -> Organisation | None:
    """The Bawaslu organisation the user acts for on this report: the closest to its region."""
    covering = [m for m in _bawaslu_memberships(user) if _covers(m, report)]
    if not covering:
        return None

    def depth(membership: Membership) -> int:
        region = membership.organisation.region
        return region.level if region else 0

    return max(covering, key=depth).organisation


def _capable(user: AnyUser, report: Report, capability: Capability) -> bool:
    return any(
        capability in ROLE_CAPABILITIES.get(m.role, frozenset()) and _covers(m, report)
        for m in _bawaslu_memberships(user)
    )


def can_view(user: AnyUser, report: Report) -> bool:
    return _capable(user, report, Capability.VIEW)


def can_triage(user: AnyUser, report: Report) -> bool:
    """Members who may act (officer and up) of a Bawaslu covering the report's region."""
    return _capable(user, report, Capability.ACT)


def can_read_identity(user: AnyUser, report: Report) -> bool:
    """Officers and supervisors covering the region, for formal reports that hold an identity."""
    if report.track != Report.Track.FORMAL:
        return False
    return any(m.role in IDENTITY_ROLES and _covers(m, report) for m in _bawaslu_memberships(user))


def can_download(user: AnyUser, report: Report) -> bool:
    return _capable(user, report, Capability.ACT)


_CHECKS = {
    "view": can_view,
    "triage": can_triage,
    "read_identity": can_read_identity,
    "download": can_download,
}


def get_report_for(user: AnyUser, code: str, action: Action) -> Report:
    """The report with this reference: 404 if the user cannot see it, 403 if they cannot act."""
    report = visible_reports(user).filter(code=str(code).upper().replace("-", "")).first()
    if report is None:
        raise Http404
    if not _CHECKS[action](user, report):
        raise PermissionDenied
    return report
