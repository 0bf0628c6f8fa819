"""Work-queue use-cases: assigning officers, tags, links between cases, duplicates and merges,
correcting the details of a case, and reading the reporter's identity."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from netral.accounts import access
from netral.accounts.models import Membership, User
from netral.cases import adapters, policies, workflow
from netral.cases.models import Case, CaseEvent, CaseLink, Notification
from netral.cases.services import base

MAX_TAGS = 12
MAX_TAG_LENGTH = 32


def _owner_org(by: policies.Principal, case: Case, capability: workflow.Capability) -> Any:
    seat = policies.owner_seat(by, case)
    if seat is None or capability not in seat.capabilities:
        raise base.ActionRefused(
            _("Only %(owner)s can do this on this case.") % {"owner": case.owner.name},
            code="not_owner",
        )
    return seat.organisation


def _open(case: Case) -> None:
    if case.is_closed:
        raise base.ActionRefused(_("This case is closed."), code="closed")


@transaction.atomic
def assign_officer(
    *,
    case: Case,
    officer: User | None,
    by: policies.Principal,
    now: dt.datetime,
    expected_version: int | None = None,
) -> Case:
    """Gives the case to one officer of the owning organisation (None: back to the team)."""
    case = base.lock_case(case, expected_version)
    _open(case)
    organisation = _owner_org(by, case, workflow.Capability.ASSIGN)
    if (
        officer is not None
        and not Membership.objects.filter(
            user=officer,
            organisation=case.owner,
            role__in=access.roles_with(workflow.Capability.HANDLE),
            user__is_active=True,
        ).exists()
    ):
        raise ValidationError(
            {"officer": [_("Choose an officer of %(org)s.") % {"org": case.owner}]}
        )
    if case.assignee_id == (officer.pk if officer else None):
        return case
    case.assignee = officer
    base.record_event(
        case,
        CaseEvent.Type.ASSIGNED,
        by=by,
        organisation=organisation,
        now=now,
        payload={"officer": str(officer) if officer else ""},
    )
    if officer is not None:
        base.notify(
            [case.owner], case=case, kind=Notification.Kind.ASSIGNED, now=now, only=[officer]
        )
    base.save_case(case, "assignee")
    return case


def clean_tags(tags: list[str]) -> list[str]:
    words = {" ".join(str(tag).lower().split()) for tag in tags if str(tag).strip()}
    long = sorted(word for word in words if len(word) > MAX_TAG_LENGTH)
    if long:
        message = _("A tag has at most %(n)s characters: %(tag)s") % {
            "n": MAX_TAG_LENGTH,
            "tag": Truncator(long[0]).chars(40),
        }
        raise ValidationError({"tags": [message]})
    cleaned = sorted(words)
    if len(cleaned) > MAX_TAGS:
        raise ValidationError({"tags": [_("At most %(n)s tags.") % {"n": MAX_TAGS}]})
    return cleaned


@transaction.atomic
def tag(
    *,
    case: Case,
    add: list[str] | None = None,
    remove: list[str] | None = None,
    by: policies.Principal,
    now: dt.datetime,
) -> Case:
    """Adds and removes the owner's working tags (free words, lower case)."""
    case = base.lock_case(case)
    organisation = _owner_org(by, case, workflow.Capability.HANDLE)
    gone = set(clean_tags(remove or []))
    tags = clean_tags([t for t in case.tags if t not in gone] + list(add or []))
    if tags == case.tags:
        return case
    payload = {
        "added": sorted(set(tags) - set(case.tags)),
        "removed": sorted(set(case.tags) - set(tags)),
    }
    case.tags = tags
    base.record_event(
        case, CaseEvent.Type.TAGGED, by=by, organisation=organisation, now=now, payload=payload
    )
    base.save_case(case, "tags")
    return case


def _link(
    case: Case, other: Case, kind: str, note: str, *, by: policies.Principal, now: dt.datetime
) -> None:
    CaseLink.objects.get_or_create(
        case=case,
        other_case=other,
        kind=kind,
        defaults={"note": note[:300], "created_at": now, "created_by": policies.principal_user(by)},
    )


def _pair(case: Case, other: Case) -> tuple[Case, Case]:
    """Both cases locked, always in the same order so that two officers cannot deadlock."""
    if case.pk == other.pk:
        raise base.ActionRefused(_("A case cannot be linked to itself."), code="self")
    first, second = sorted([case, other], key=lambda c: c.pk)
    locked = {c.pk: base.lock_case(c) for c in (first, second)}
    return locked[case.pk], locked[other.pk]


@transaction.atomic
def link_cases(
    *, case: Case, other: Case, by: policies.Principal, now: dt.datetime, note: str = ""
) -> Case:
    """Marks two cases as related (same person, same event): both timelines say so."""
    case, other = _pair(case, other)
    organisation = _owner_org(by, case, workflow.Capability.HANDLE)
    if not policies.can_view(by, other):
        raise base.ActionRefused(_("You cannot see the other case."), code="invisible")
    for one, two in ((case, other), (other, case)):
        _link(one, two, CaseLink.Kind.RELATED, note, by=by, now=now)
        base.record_event(
            one,
            CaseEvent.Type.LINKED,
            by=by,
            organisation=organisation,
            now=now,
            payload={"other": two.code, "kind": CaseLink.Kind.RELATED, "note": note},
        )
    return case


def _close_into(
    case: Case,
    target: Case,
    outcome: workflow.Outcome,
    event_type: str,
    reason: str,
    *,
    by: policies.Principal,
    now: dt.datetime,
) -> Case:
    organisation = _owner_org(by, case, workflow.Capability.HANDLE)
    if case.owner_id != target.owner_id or target.is_closed:
        raise base.ActionRefused(
            _("Both cases must be open and belong to your organisation."), code="other_owner"
        )
    if len(reason.strip()) < 10:
        raise ValidationError({"reason": [_("Say why (at least 10 characters).")]})
    kind = CaseLink.Kind.MERGED if outcome == workflow.Outcome.MERGED else CaseLink.Kind.DUPLICATE
    _link(case, target, kind, reason, by=by, now=now)
    if case.source_ref:
        CaseLink.objects.create(
            case=target,
            kind=CaseLink.Kind.REPORT,
            report_ref=case.source_ref,
            note=case.code,
            created_at=now,
            created_by=policies.principal_user(by),
        )
    base.close_steps(case, now)
    case.state, case.outcome, case.closed_at = workflow.State.CLOSED, outcome, now
    case.duplicate_of = target
    payload = {"into": target.code, "reason": reason.strip()}
    base.record_event(case, event_type, by=by, organisation=organisation, now=now, payload=payload)
    base.record_event(
        target,
        CaseEvent.Type.LINKED,
        by=by,
        organisation=organisation,
        now=now,
        payload={"other": case.code, "kind": kind, "note": reason.strip()},
    )
    base.refresh_due(case)
    base.save_case(case, "state", "outcome", "closed_at", "duplicate_of", "due_at")
    return case


@transaction.atomic
def close_as_duplicate(
    *, case: Case, of: Case, reason: str, by: policies.Principal, now: dt.datetime
) -> Case:
    """Closes a case that repeats another open case of the same organisation; the reports
    behind it stay reachable from the case that continues."""
    case, of = _pair(case, of)
    _open(case)
    return _close_into(
        case,
        of,
        workflow.Outcome.DUPLICATE,
        CaseEvent.Type.CLOSED_AS_DUPLICATE,
        reason,
        by=by,
        now=now,
    )


@transaction.atomic
def merge_cases(
    *, case: Case, into: Case, reason: str, by: policies.Principal, now: dt.datetime
) -> Case:
    """Folds a case into another (several reports of one incident): the first closes as merged."""
    case, into = _pair(case, into)
    _open(case)
    return _close_into(
        case, into, workflow.Outcome.MERGED, CaseEvent.Type.MERGED, reason, by=by, now=now
    )


_DETAIL_FIELDS = (
    "title",
    "summary",
    "civil_servant",
    "civil_servant_name",
    "civil_servant_position",
    "agency",
    "region",
    "election",
    "occurred_on",
)


def _shown(value: Any) -> Any:
    if hasattr(value, "pk"):
        return str(value)
    return value.isoformat() if isinstance(value, dt.date) else value


@transaction.atomic
def update_details(
    *,
    case: Case,
    changes: dict[str, Any],
    by: policies.Principal,
    now: dt.datetime,
    expected_version: int | None = None,
) -> Case:
    """Corrects who and what the case is about; the timeline keeps the old and new values."""
    case = base.lock_case(case, expected_version)
    _open(case)
    organisation = _owner_org(by, case, workflow.Capability.HANDLE)
    diff = {}
    for name, value in changes.items():
        if name not in _DETAIL_FIELDS:
            raise ValidationError({name: [_("This field cannot be changed here.")]})
        if getattr(case, name) != value:
            diff[name] = [_shown(getattr(case, name)), _shown(value)]
            setattr(case, name, value)
    if not case.title.strip() or not case.civil_servant_name.strip():
        raise ValidationError(_("The title and the reported person's name are required."))
    if not diff:
        return case
    case.place_in(case.region.code if case.region else "")
    base.record_event(
        case,
        CaseEvent.Type.DETAILS_UPDATED,
        by=by,
        organisation=organisation,
        now=now,
        payload={"changes": diff},
    )
    base.save_case(case, *changes, "region_code", "province_code", "regency_code")
    return case


@transaction.atomic
def view_reporter_identity(
    *, case: Case, by: policies.Principal, now: dt.datetime
) -> dict[str, str] | None:
    """Opens the reporter's identity for an allowed reader; every opening is on the timeline."""
    if not policies.can_view_identity(by, case):
        raise base.ActionRefused(_("The reporter's identity is not shared with you."), code="role")
    case = base.lock_case(case)
    identity = (
        adapters.reporter_identity(case.source_ref, by=by, now=now) if case.source_ref else None
    )
    base.record_event(
        case,
        CaseEvent.Type.IDENTITY_VIEWED,
        by=by,
        organisation=policies.acting_organisation(by, case),
        now=now,
        payload={"found": identity is not None, "fields": sorted(identity or {})},
    )
    return identity
