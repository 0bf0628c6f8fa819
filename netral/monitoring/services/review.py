"""Review of findings: confirm, dismiss (training data), promote to a case, bundle downloads."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from netral.monitoring import adapters, events
from netral.monitoring.models import Finding, FindingEvent, LabelledExample


class ActionRefused(ValidationError):
    """The finding is not in a state that allows this action."""


def locked_finding(finding: Finding) -> Finding:
    """The finding locked for this transaction (review and capture both change it)."""
    return Finding.objects.select_for_update().select_related("item", "election").get(pk=finding.pk)


def _event(finding: Finding, kind: str, *, by: Any, now: dt.datetime, **payload: Any) -> None:
    events.record_finding_event(finding, kind, by=by, now=now, **payload)


def _label(finding: Finding, label: str, *, reason: str, by: Any, now: dt.datetime) -> None:
    LabelledExample.objects.update_or_create(
        finding=finding,
        defaults={"label": label, "reason": reason, "labelled_by": by, "labelled_at": now},
    )


def _require_open(finding: Finding) -> None:
    if not finding.is_open:
        raise ActionRefused(
            _("This finding is already %(status)s.") % {"status": finding.get_status_display()}
        )


@transaction.atomic
def confirm_finding(*, finding: Finding, by: Any, now: dt.datetime, note: str = "") -> Finding:
    """A reviewer agrees the item takes a side; it becomes a campaign example."""
    finding = locked_finding(finding)
    if finding.status != Finding.Status.NEW:
        _require_open(finding)
        raise ActionRefused(_("This finding is already confirmed."))
    finding.status = Finding.Status.CONFIRMED
    finding.save(update_fields=["status"])
    _label(finding, LabelledExample.Label.CAMPAIGN, reason=note, by=by, now=now)
    _event(finding, FindingEvent.Type.CONFIRMED, by=by, now=now, note=note)
    return finding


@transaction.atomic
def dismiss_finding(*, finding: Finding, reason: str, by: Any, now: dt.datetime) -> Finding:
    """A false alarm needs a reason; the item becomes a neutral example for retraining."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this is not campaigning.")})
    finding = locked_finding(finding)
    _require_open(finding)
    previous = finding.status
    finding.status = Finding.Status.DISMISSED
    finding.save(update_fields=["status"])
    _label(finding, LabelledExample.Label.NEUTRAL, reason=reason, by=by, now=now)
    _event(finding, FindingEvent.Type.DISMISSED, by=by, now=now, reason=reason, was=previous)
    return finding


@transaction.atomic
def promote_finding_to_case(*, finding: Finding, by: Any, now: dt.datetime) -> Finding:
    """Only a human opens a case from a finding: a Bawaslu temuan carrying the evidence."""
    finding = locked_finding(finding)
    _require_open(finding)
    code = adapters.open_case_for_finding(finding=finding, by=by, now=now)
    finding.status = Finding.Status.PROMOTED
    finding.case_code = code
    finding.save(update_fields=["status", "case_code"])
    _label(finding, LabelledExample.Label.CAMPAIGN, reason="", by=by, now=now)
    _event(
        finding, FindingEvent.Type.PROMOTED, by=by, now=now, case=code, sha256=finding.item.sha256
    )
    return finding


@transaction.atomic
def record_bundle_download(*, finding: Finding, by: Any, now: dt.datetime, sha256: str) -> None:
    """Every copy of the evidence that leaves the system is on the record."""
    _event(finding, FindingEvent.Type.BUNDLE_DOWNLOADED, by=by, now=now, bundle_sha256=sha256)
