"""The deadline sweep: every missed deadline is recorded once, announced, and escalated by rule.

Safe with several workers at once, on PostgreSQL and SQLite: a step moves from OPEN to MISSED
only through a conditional UPDATE, and only the worker whose UPDATE changed the row writes the
event and escalates. The case row is locked first, in the same order every other use-case
takes its locks (case, then steps), so workers and officers never deadlock each other; workers
take the overdue steps in the same (due, id) order, so they cannot deadlock among themselves.

Steps are handled in small batches, one transaction per batch and one savepoint per step: a
failing step rolls back alone, and the commit cost is shared by the batch.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils.translation import gettext as _

from netral.accounts.models import Organisation
from netral.cases import workflow
from netral.cases.models import Case, CaseEvent, Notification, Recommendation, Step
from netral.cases.services import base, documents

logger = logging.getLogger(__name__)
FETCH = 200
BATCH = 25


def mark_overdue_steps(*, now: dt.datetime, limit: int | None = None) -> int:
    """Flips every open step due before `now` to MISSED, once; returns how many this run flipped.

    A failure on one case never holds back the others, and a crash part-way loses nothing: the
    next run picks up what is still open.
    """
    flipped, failed, memo = 0, set[int](), base.Memo()
    while limit is None or flipped < limit:
        candidates = (
            Step.objects.overdue(now)
            .exclude(pk__in=failed)
            .order_by("due_at", "pk")
            .values_list("pk", "case_id")[:FETCH]
        )
        found = list(candidates)
        if not found:
            break
        for start in range(0, len(found), BATCH):
            flipped += _batch(found[start : start + BATCH], now, failed, memo)
            if limit is not None and flipped >= limit:
                break
    return flipped


@transaction.atomic
def _batch(
    steps: list[tuple[int, int]], now: dt.datetime, failed: set[int], memo: base.Memo
) -> int:
    flipped = 0
    for step_id, case_id in steps:
        try:
            flipped += int(
                process_missed_step(step_id=step_id, case_id=case_id, now=now, memo=memo)
            )
        except Exception:  # one broken case must not stop the sweep for all the others
            logger.exception("Deadline sweep failed on step %s", step_id)
            failed.add(step_id)
    return flipped


@transaction.atomic
def process_missed_step(
    *, step_id: int, case_id: int, now: dt.datetime, memo: base.Memo | None = None
) -> bool:
    """Marks one step missed if it is still open; True only for the worker that did it."""
    case = base.lock_case(Case(pk=case_id))
    changed = Step.objects.filter(pk=step_id, status=Step.Status.OPEN, due_at__lt=now).update(
        status=Step.Status.MISSED, missed_at=now
    )
    if changed != 1:
        return False
    step = Step.objects.select_related("organisation", "recommendation").get(pk=step_id)
    label = base.step_label(step.kind)
    base.record_event(
        case,
        CaseEvent.Type.DEADLINE_MISSED,
        by=None,
        organisation=None,
        now=now,
        persist=False,
        payload={
            "step": step.kind,
            "organisation": step.organisation.name,
            "due_at": step.due_at,
            "rule": step.rule_key,
            "verified_deadline": step.verified,
        },
    )
    base.notify(
        [step.organisation],
        case=case,
        kind=Notification.Kind.DEADLINE_MISSED,
        now=now,
        params={"step": label},
        memo=memo,
    )
    escalate(case, step, now=now, memo=memo)
    base.refresh_due(case)
    base.save_case(case, "due_at")
    return True


def escalate(case: Case, step: Step, *, now: dt.datetime, memo: base.Memo | None = None) -> None:
    """What a missed step leads to: an ignored recommendation climbs the ladder (reminder,
    reprimand request, SIASN block request, report to the ministries); any other missed step
    is brought to the supervising Bawaslu."""
    recommendation = step.recommendation
    if recommendation is not None and workflow.State(case.state) in workflow.AWAITING_PPK:
        _climb(case, step, recommendation, now=now)
        return
    supervisor = base.supervising_organisation(step.organisation, memo)
    if supervisor is None:
        return
    base.record_event(
        case,
        CaseEvent.Type.ESCALATED,
        by=None,
        organisation=None,
        now=now,
        persist=False,
        payload={"to": supervisor.name, "step": step.kind, "reason": "deadline_missed"},
    )
    base.notify(
        [supervisor],
        case=case,
        kind=Notification.Kind.ESCALATED,
        now=now,
        params={"step": _("deadline missed by %(org)s") % {"org": step.organisation.name}},
        memo=memo,
    )


def _climb(case: Case, step: Step, recommendation: Recommendation, *, now: dt.datetime) -> None:
    rung = workflow.next_rung(step.escalation_level)
    if recommendation.status == Recommendation.Status.RECEIVED:
        recommendation.status = Recommendation.Status.IGNORED
    if rung is None:
        recommendation.save(update_fields=["status"])
        return
    recommendation.escalation_level = rung.level
    if rung.blocks_personnel_data:
        recommendation.personnel_data_block_requested = True
    recommendation.save(
        update_fields=["status", "escalation_level", "personnel_data_block_requested"]
    )
    base.open_step(
        case,
        kind=f"escalation.{rung.key}",
        organisation=case.owner,
        rule_key=rung.deadline,
        now=now,
        recommendation=recommendation,
        level=rung.level,
    )
    letter = documents.generate(
        case, rung.document, by=None, organisation=recommendation.issued_by, now=now
    )
    base.record_event(
        case,
        CaseEvent.Type.ESCALATED,
        by=None,
        organisation=recommendation.issued_by,
        now=now,
        payload={
            "rung": rung.key,
            "level": rung.level,
            "addressee": str(rung.addressee),
            "document": str(letter.public_id),
        },
    )
    base.notify(
        [case.owner, recommendation.issued_by, *_ministries(rung.level)],
        case=case,
        kind=Notification.Kind.ESCALATED,
        now=now,
        params={"step": str(rung.label)},
    )


def _ministries(level: int) -> list[Organisation]:
    """From the reprimand request up, Kemendagri and KemenPAN-RB are told too (when present)."""
    if level < 2:
        return []
    return list(Organisation.objects.filter(kind__in=workflow.MINISTRIES, is_active=True))
