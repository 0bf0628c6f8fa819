"""The deadline sweep: every missed deadline is recorded once, announced, and escalated by rule.

Safe with several workers at once, on PostgreSQL and SQLite: a step moves from OPEN to MISSED
only through a conditional UPDATE, and only the worker whose UPDATE changed the row writes the
event and escalates. The case row is locked first, in the same order every other use-case takes
its locks (case, then steps); a worker skips a case another transaction holds and comes back to
it on its next run, so workers share the work instead of queueing behind each other.

Steps are handled in small batches, one transaction per batch and one savepoint per step: a
failing step rolls back alone, the commit cost is shared, and notices of a batch are inserted
together.
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
_RELATED = ("organisation__region__parent", "recommendation__issued_by")


def mark_overdue_steps(*, now: dt.datetime, limit: int | None = None) -> int:
    """Flips every open step due before `now` to MISSED, once; returns how many this run flipped.

    A failure on one case never holds back the others, and a crash part-way loses nothing: the
    next run picks up what is still open.
    """
    flipped, passed, memo = 0, set[int](), base.Memo()
    while limit is None or flipped < limit:
        found = list(
            Step.objects.overdue(now)
            .exclude(pk__in=passed)
            .select_related(*_RELATED)
            .order_by("due_at", "pk")[:FETCH]
        )
        if not found:
            break
        for start in range(0, len(found), BATCH):
            flipped += _batch(found[start : start + BATCH], now, passed, memo)
            if limit is not None and flipped >= limit:
                break
    return flipped


@transaction.atomic
def _batch(steps: list[Step], now: dt.datetime, passed: set[int], memo: base.Memo) -> int:
    flipped = 0
    for step in steps:
        try:
            with transaction.atomic():
                done = _process(step, now=now, memo=memo)
        except Exception:  # one broken case must not stop the sweep for all the others
            logger.exception("Deadline sweep failed on step %s", step.pk)
            done = None
        if done is None:  # failed, or the case is busy: leave it to the next run
            passed.add(step.pk)
        flipped += int(bool(done))
    memo.flush()
    return flipped


@transaction.atomic
def process_missed_step(*, step_id: int, now: dt.datetime) -> bool:
    """Marks one step missed if it is still open; True only for the worker that did it."""
    memo = base.Memo()
    step = Step.objects.select_related(*_RELATED).get(pk=step_id)
    done = _process(step, now=now, memo=memo)
    memo.flush()
    return bool(done)


def _process(step: Step, *, now: dt.datetime, memo: base.Memo) -> bool | None:
    case = base.lock_case_unless_busy(step.case_id)
    if case is None:
        return None
    changed = Step.objects.filter(pk=step.pk, status=Step.Status.OPEN, due_at__lt=now).update(
        status=Step.Status.MISSED, missed_at=now
    )
    if changed != 1:
        return False
    step.status, step.missed_at = Step.Status.MISSED, now
    events: list[CaseEvent] = []
    base.record_event(
        case,
        CaseEvent.Type.DEADLINE_MISSED,
        by=None,
        organisation=None,
        now=now,
        defer=events,
        payload={
            "step": step.kind,
            "organisation": step.organisation.name,
            "due_at": step.due_at,
            "rule": step.rule_key,
            "verified_deadline": step.verified,
        },
    )
    base.notify(
        [step.organisation], case=case, kind=Notification.Kind.DEADLINE_MISSED, now=now,
        params={"step": step.label}, memo=memo,
    )  # fmt: skip
    escalate(case, step, now=now, memo=memo, events=events)
    CaseEvent.objects.bulk_create(events)
    # The case's next deadline does not move: the missed step stays current with the earliest
    # due moment, and any new escalation step falls due after now.
    base.save_case(case)
    return True


def escalate(
    case: Case,
    step: Step,
    *,
    now: dt.datetime,
    memo: base.Memo,
    events: list[CaseEvent],
) -> None:
    """What a missed step leads to: an ignored recommendation climbs the ladder (reminder,
    reprimand request, SIASN block request, report to the ministries); any other missed step
    is brought to the supervising Bawaslu."""
    recommendation = step.recommendation
    if recommendation is not None and workflow.State(case.state) in workflow.AWAITING_PPK:
        CaseEvent.objects.bulk_create(events)  # the letter's event follows them in the chain
        events.clear()
        _climb(case, step, recommendation, now=now, memo=memo)
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
        defer=events,
        payload={"to": supervisor.name, "step": step.kind, "cause": "deadline_missed"},
    )
    base.notify(
        [supervisor],
        case=case,
        kind=Notification.Kind.ESCALATED,
        now=now,
        params={"step": _("deadline missed by %(org)s") % {"org": step.organisation.name}},
        memo=memo,
    )


def _climb(
    case: Case, step: Step, recommendation: Recommendation, *, now: dt.datetime, memo: base.Memo
) -> None:
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
        memo=memo,
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
        memo=memo,
    )


def _ministries(level: int) -> list[Organisation]:
    """From the reprimand request up, Kemendagri and KemenPAN-RB are told too (when present)."""
    if level < 2:
        return []
    return list(Organisation.objects.filter(kind__in=workflow.MINISTRIES, is_active=True))
