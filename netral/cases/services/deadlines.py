"""The deadline sweep: every missed deadline is recorded once, announced, and escalated by rule.

Safe with several workers at once, on PostgreSQL and SQLite: a step moves from OPEN to MISSED
only through a conditional UPDATE, and only the worker whose UPDATE changed the row writes the
event and escalates. The case row is locked first, in the same order every other use-case takes
its locks (case, then steps); a worker skips a case another transaction holds and comes back to
it on its next run, so workers share the work instead of queueing behind each other.

Steps are handled in batches, each in one transaction with a handful of statements: the batch's
cases are locked in one statement, its steps flipped in one, and its events, notices and case
heads written in one each. If anything goes wrong in a batch (a broken case, or a step another
worker flipped meanwhile), the batch is rolled back and done again step by step, one savepoint
per step, so a failing step rolls back alone and the others still go through.
"""

import datetime as dt
import logging

from django.db import transaction

from netral.cases import workflow
from netral.cases.models import Case, CaseEvent, Notification, Recommendation, Step
from netral.cases.models.notifications import MISSED_BY
from netral.cases.services import base
from netral.cases.services import escalation as ladder

logger = logging.getLogger(__name__)
FETCH = 500
BATCH = 50
_RELATED = ("organisation__region__parent", "recommendation__issued_by")


class _BatchRaced(Exception):
    """Some step of the batch was no longer open when flipped: redo the batch one by one."""


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
            .order_by("due_at", "pk")
            .values_list("pk", "case_id")[:FETCH]
        )
        if not found:
            break
        for start in range(0, len(found), BATCH):
            batch = dict(found[start : start + BATCH])
            done = _sweep_batch(batch, now, memo)
            passed.update(set(batch) - done)  # busy or failed: left to the next run
            flipped += len(done)
            if limit is not None and flipped >= limit:
                break
    return flipped


def _sweep_batch(batch: dict[int, int], now: dt.datetime, memo: base.Memo) -> set[int]:
    """The ids of the steps this worker flipped, of a batch of {step id: case id}."""
    try:
        return _batch_at_once(batch, now, memo)
    except Exception as exc:  # one broken case must not stop the sweep for all the others
        memo.notices = []  # they were for the batch just rolled back
        if not isinstance(exc, _BatchRaced):
            logger.warning("Deadline sweep: batch failed, redoing it step by step", exc_info=True)
    return _batch_one_by_one(list(batch), now, memo)


@transaction.atomic
def _batch_at_once(batch: dict[int, int], now: dt.datetime, memo: base.Memo) -> set[int]:
    cases = base.lock_cases_unless_busy(set(batch.values()))
    steps = list(
        Step.objects.overdue(now)
        .filter(pk__in=list(batch), case_id__in=list(cases))
        .select_related(*_RELATED)
        .order_by("due_at", "pk")
    )
    done = {step.pk for step in steps}
    changed = (
        Step.objects.filter(pk__in=done)
        .overdue(now)
        .update(status=Step.Status.MISSED, missed_at=now)
    )
    if changed != len(done):
        raise _BatchRaced
    events: list[CaseEvent] = []
    for step in steps:
        step.case = cases[step.case_id]
        _record_missed(step, now=now, memo=memo, events=events)
    CaseEvent.objects.bulk_create(events)
    base.save_cases(cases[case_id] for case_id in {step.case_id for step in steps})
    memo.flush()
    return done


@transaction.atomic
def _batch_one_by_one(step_ids: list[int], now: dt.datetime, memo: base.Memo) -> set[int]:
    done: set[int] = set()
    for step in Step.objects.filter(pk__in=step_ids).select_related(*_RELATED).order_by("pk"):
        notices = len(memo.notices)
        try:
            with transaction.atomic():
                if _process(step, now=now, memo=memo):
                    done.add(step.pk)
        except Exception:
            logger.exception("Deadline sweep failed on step %s", step.pk)
            del memo.notices[notices:]  # they were for the step just rolled back
    memo.flush()
    return done


@transaction.atomic
def process_missed_step(*, step_id: int, now: dt.datetime) -> bool:
    """Marks one step missed if it is still open; True only for the worker that did it."""
    memo = base.Memo()
    step = Step.objects.select_related(*_RELATED).get(pk=step_id)
    done = _process(step, now=now, memo=memo)
    memo.flush()
    return done


def _process(step: Step, *, now: dt.datetime, memo: base.Memo) -> bool:
    """One step on its own: lock its case, flip it if still open, record what follows."""
    case = base.lock_case_unless_busy(step.case_id)
    if case is None:
        return False
    changed = (
        Step.objects.filter(pk=step.pk)
        .overdue(now)
        .update(status=Step.Status.MISSED, missed_at=now)
    )
    if changed != 1:
        return False
    step.case = case
    events: list[CaseEvent] = []
    _record_missed(step, now=now, memo=memo, events=events)
    CaseEvent.objects.bulk_create(events)
    base.save_cases([case])
    return True


def _record_missed(
    step: Step, *, now: dt.datetime, memo: base.Memo, events: list[CaseEvent]
) -> None:
    """The event, the notice and the escalation of a step this worker has just flipped.

    The case's next deadline does not move: the missed step stays current with the earliest
    due moment, and any new escalation step falls due after now.
    """
    case = step.case
    step.status, step.missed_at = Step.Status.MISSED, now
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
        [step.organisation],
        case=case,
        kind=Notification.Kind.DEADLINE_MISSED,
        now=now,
        params={"step": step.label, "step_kind": step.kind},
        memo=memo,
    )
    escalate(case, step, now=now, memo=memo, events=events)


def escalate(
    case: Case,
    step: Step,
    *,
    now: dt.datetime,
    memo: base.Memo,
    events: list[CaseEvent],
) -> None:
    """What a missed step leads to: an ignored recommendation climbs the ladder (data/
    escalation.yaml), each rung a step of the body it addresses; any other missed step is
    brought to the supervising Bawaslu."""
    recommendation = step.recommendation
    if recommendation is not None and workflow.State(case.state) in workflow.AWAITING_PPK:
        _climb(case, step, recommendation, now=now, memo=memo, events=events)
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
        params={"step": str(MISSED_BY) % {"org": step.organisation.name}},
        memo=memo,
    )


def _climb(
    case: Case,
    step: Step,
    recommendation: Recommendation,
    *,
    now: dt.datetime,
    memo: base.Memo,
    events: list[CaseEvent],
) -> None:
    rung = workflow.next_rung(step.escalation_level)
    if recommendation.status == Recommendation.Status.RECEIVED:
        recommendation.status = Recommendation.Status.IGNORED
    if rung is None:
        recommendation.save(update_fields=["status"])
        return
    ladder.reach_rung(case, recommendation, rung, now=now, memo=memo, events=events)
