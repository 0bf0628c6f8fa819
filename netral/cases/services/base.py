"""Shared steps of every case use-case: locking, events, steps and deadlines, notices.

Not use-cases themselves: each public service calls these inside its own transaction.
"""

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.accounts import access
from netral.accounts.access import Capability
from netral.accounts.models import Organisation
from netral.cases import adapters, events, policies, workflow
from netral.cases.models import Case, CaseEvent, Notification, Step
from netral.cases.models.events import chain_hash
from netral.core import timeline
from netral.registry.models import Region


class ActionRefused(ValidationError):
    """A use-case refused for a reason the person can act on (shown to them as is)."""


class StaleCase(ActionRefused):
    """Someone else changed the case after this person loaded it: they must reload.
    `current_version` is the case's version now (0 where none was read)."""

    current_version = 0


def stale_case(current_version: int = 0) -> StaleCase:
    """The refusal for a page drawn from an older version of the case."""
    refusal = StaleCase(
        _(
            "Someone else changed this case while you were working on it. "
            "Reload the page to see their change, then try again."
        ),
        code="stale",
    )
    refusal.current_version = current_version
    return refusal


def lock_case_unless_busy(case_id: int) -> Case | None:
    """The case row locked for this transaction, or None while another transaction holds it.

    For background work: a worker skips what an officer or another worker is changing and
    comes back to it on its next run. (SQLite runs one writer at a time and never skips.)
    """
    return (
        Case.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("owner", "election")
        .filter(pk=case_id)
        .first()
    )


def lock_cases_unless_busy(case_ids: Iterable[int]) -> dict[int, Case]:
    """The cases no other transaction holds, locked for this one, by id (one statement).

    With what a letter needs (region, agency, civil servant) read in the same statement.
    """
    found = (
        Case.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("owner", "election", "region", "agency", "civil_servant")
        .filter(pk__in=list(case_ids))
        .order_by("pk")
    )
    return {case.pk: case for case in found}


def lock_case(case: Case, expected_version: int | None = None) -> Case:
    """The case row, locked for this transaction; refuses when its version moved on.

    PostgreSQL holds the row lock until commit; SQLite runs write transactions one at a time
    (IMMEDIATE mode), so on both the second of two simultaneous actions sees the first's result.
    """
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if expected_version is not None and locked.version != expected_version:
        raise stale_case(locked.version)
    return locked


def save_case(case: Case, *fields: str) -> None:
    """Saves the changed fields and moves the version on: every change is a new version."""
    case.version += 1
    case.save(update_fields=[*fields, "version", "updated_at", "event_count", "head_hash"])


def save_cases(cases: Iterable[Case]) -> None:
    """`save_case` for many cases changed in one transaction, sent together.

    One parametrised UPDATE executed for many rows: the ORM's bulk_update builds a CASE
    expression per field and row, which costs more in Python than the statements it saves.
    """
    saved = ("version", "updated_at", "event_count", "head_hash")
    fields = [field for field in Case._meta.concrete_fields if field.name in saved]
    moment = timezone.now()
    rows = []
    for case in cases:
        case.version += 1
        case.updated_at = moment
        rows.append(
            [field.get_db_prep_save(getattr(case, field.attname), connection) for field in fields]
            + [case.pk]
        )
    columns = ", ".join(f"{connection.ops.quote_name(field.attname)} = %s" for field in fields)
    table = connection.ops.quote_name(Case._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {columns} WHERE id = %s", rows)  # noqa: S608


jsonable = timeline.jsonable


def record_event(
    case: Case,
    type: str,
    *,
    by: policies.Principal,
    organisation: Organisation | None,
    now: dt.datetime,
    payload: dict[str, Any] | None = None,
    defer: list[CaseEvent] | None = None,
) -> CaseEvent:
    """Appends an event to the locked case's hash chain.

    With a `defer` list the event and the new head stay in memory: the caller inserts the
    events in one statement and its `save_case` writes the head (the deadline sweep does).
    """
    user = policies.principal_user(by)
    data = events.CASE_EVENTS.check(type, jsonable(payload or {}))
    seq = case.event_count + 1
    label = policies.principal_label(by)
    org_id = organisation.pk if organisation else None
    digest = chain_hash(
        case_code=case.code,
        seq=seq,
        type=type,
        actor_id=user.pk if user else None,
        actor_label=label,
        organisation_id=org_id,
        at=now,
        payload=data,
        prev_hash=case.head_hash,
    )
    event = CaseEvent(
        case=case,
        seq=seq,
        type=type,
        actor=user,
        actor_id_snapshot=user.pk if user else None,
        actor_label=label,
        organisation_id=org_id,
        at=now,
        payload=data,
        prev_hash=case.head_hash,
        hash=digest,
    )
    case.event_count, case.head_hash = seq, digest
    if defer is not None:
        defer.append(event)
        return event
    event.save()
    Case.objects.filter(pk=case.pk).update(event_count=seq, head_hash=digest)
    return event


class Clock(TypedDict):
    family: str
    region_code: str


def clock_of(case: Case) -> Clock:
    """What the legal clock needs of a case: its election family and its region (for the zone)."""
    election = case.election if case.election_id else None
    return Clock(family=adapters.case_family(election), region_code=case.region_code)


def open_step(
    case: Case,
    *,
    kind: str,
    organisation: Organisation,
    rule_key: str | None,
    now: dt.datetime,
    start: dt.datetime | None = None,
    recommendation: Any = None,
    level: int = 0,
    memo: "Memo | None" = None,
) -> Step:
    """A new current step; its deadline comes from the legal clock when a rule applies."""
    step = Step(
        case=case,
        kind=kind,
        organisation=organisation,
        rule_key=rule_key or "",
        opened_at=now,
        recommendation=recommendation,
        escalation_level=level,
    )
    if rule_key:
        holidays = memo.holiday_dates() if memo is not None else None
        due = adapters.due_for(rule_key, start or now, holidays=holidays, **clock_of(case))
        for name, value in deadline_columns(due).items():
            setattr(step, name, value)
    step.save()
    return step


# The columns that keep a legal deadline on a row (a Step, a Recommendation).
DEADLINE_COLUMNS = ("due_at", "due_sentence", "legal_basis", "verified")


def deadline_columns(due: Any) -> dict[str, Any]:
    """A deadline computed by the legal clock, as the row columns that keep it."""
    return {
        "due_at": due.at,
        "due_sentence": due.sentence,
        "legal_basis": due.legal_basis,
        "verified": due.verified,
    }


def running_ppk_step(case: Case) -> Step | None:
    """The PPK's current step on a recommendation (the first, or an escalation rung's)."""
    return (
        case.steps.filter(
            closed_at__isnull=True, recommendation__isnull=False, organisation_id=case.owner_id
        )
        .order_by("-opened_at", "-pk")
        .first()
    )


def carry_on_step(case: Case, previous: Step, *, kind: str, now: dt.datetime) -> Step:
    """A new current step that keeps the previous one's deadline, basis, escalation rung and
    missed mark (a deadline already swept climbs on through the rung it led to, not twice)."""
    step = Step(
        case=case,
        kind=kind,
        organisation=case.owner,
        status=previous.status,
        rule_key=previous.rule_key,
        opened_at=now,
        recommendation_id=previous.recommendation_id,
        escalation_level=previous.escalation_level,
        **{name: getattr(previous, name) for name in DEADLINE_COLUMNS},
    )
    step.save()
    return step


def close_steps(case: Case, now: dt.datetime, *, keep_rungs_of_others: bool = False) -> None:
    """Every current step ends: open ones as done, missed ones keep their mark. With
    `keep_rungs_of_others`, the steps of other bodies than the case's owner stay (an escalation
    rung, the Inspektorat's examination hand-off)."""
    current = case.steps.filter(closed_at__isnull=True)
    if keep_rungs_of_others:
        current = current.filter(organisation_id=case.owner_id)
    current.filter(status=Step.Status.OPEN).update(status=Step.Status.DONE, closed_at=now)
    current.filter(status=Step.Status.MISSED).update(closed_at=now)


def refresh_due(case: Case) -> None:
    """The case's next deadline is the earliest of its current steps (a missed one counts)."""
    case.due_at = case.steps.filter(closed_at__isnull=True).aggregate(due=Min("due_at"))["due"]


def step_label(kind: str) -> str:
    return workflow.step_label(kind)


class Memo:
    """Answers a long-running use-case (the sweep) asks again and again, kept for one run."""

    def __init__(self) -> None:
        self.members: dict[int, list[Any]] = {}
        self.supervisors: dict[int, Organisation | None] = {}
        self.notices: list[Notification] = []
        self.holidays: frozenset[dt.date] | None = None
        self.answers: dict[Hashable, Any] = {}

    def get_or_set[T](self, key: Hashable, make: Callable[[], T]) -> T:
        """The answer kept under `key`, made once per run (compiled letter templates, say)."""
        if key not in self.answers:
            self.answers[key] = make()
        answer: T = self.answers[key]
        return answer

    def holiday_dates(self) -> frozenset[dt.date]:
        if self.holidays is None:
            self.holidays = adapters.holiday_dates()
        return self.holidays

    def flush(self) -> None:
        """Inserts the notices gathered so far in one statement; e-mails follow the commit."""
        if self.notices:
            _save_notices(self.notices)
            self.notices = []


def members_to_notify(organisation: Organisation, memo: Memo | None = None) -> list[Any]:
    """Everyone in the organisation who handles cases (viewers only read)."""
    if memo is not None and organisation.pk in memo.members:
        return memo.members[organisation.pk]
    roles = access.roles_with(Capability.HANDLE)
    found = [
        membership.user
        for membership in organisation.memberships.filter(
            role__in=roles, user__is_active=True
        ).select_related("user")
    ]
    if memo is not None:
        memo.members[organisation.pk] = found
    return found


def notify(
    organisations: Iterable[Organisation | None],
    *,
    case: Case,
    kind: str,
    now: dt.datetime,
    params: dict[str, Any] | None = None,
    memo: Memo | None = None,
    only: Iterable[Any] | None = None,
) -> list[Notification]:
    """In-app notices to the members of each organisation, then an e-mail once committed.

    `only` names the people meant when not everyone is (an assignment goes to its officer).
    Every notice is written here, so every notice is e-mailed.
    """
    values = {"code": case.code, "title": case.title, **(params or {})}
    rows = []
    seen: set[int] = set()
    for organisation in organisations:
        if organisation is None or organisation.pk in seen:
            continue
        seen.add(organisation.pk)
        for user in members_to_notify(organisation, memo) if only is None else only:
            rows.append(
                Notification(
                    organisation=organisation,
                    user=user,
                    case=case,
                    kind=kind,
                    params=jsonable(values),
                    created_at=now,
                )
            )
    if memo is not None:  # the caller inserts them with others (Memo.flush)
        memo.notices.extend(rows)
        return rows
    return _save_notices(rows)


def _save_notices(rows: list[Notification]) -> list[Notification]:
    created = Notification.objects.bulk_create(rows)
    ids = [str(row.public_id) for row in created]
    if ids:
        transaction.on_commit(lambda: _enqueue_emails(ids))
    return created


def _enqueue_emails(ids: list[str]) -> None:
    from netral.cases.tasks import send_notification_emails

    send_notification_emails.enqueue(ids)


def supervising_organisation(
    organisation: Organisation, memo: Memo | None = None
) -> Organisation | None:
    """The Bawaslu one level up (kabupaten/kota → provinsi → RI); None for other bodies."""
    if memo is not None:
        if organisation.pk not in memo.supervisors:
            memo.supervisors[organisation.pk] = supervising_organisation(organisation)
        return memo.supervisors[organisation.pk]
    if organisation.kind not in workflow.BAWASLU or organisation.region is None:
        return None
    parent = organisation.region.parent
    kind = (
        Organisation.Kind.BAWASLU_PROVINSI if parent is not None else Organisation.Kind.BAWASLU_RI
    )
    found = Organisation.objects.filter(kind=kind, is_active=True)
    if parent is not None:
        found = found.filter(region=parent)
    return found.first()


def resolve_organisation(kinds: Iterable[str], region_code: str | None) -> Organisation | None:
    """The active organisation of one of these kinds closest to the region: the deepest one whose
    jurisdiction contains it, else a national one."""
    candidates = Organisation.objects.filter(kind__in=list(kinds), is_active=True).select_related(
        "region"
    )
    best: Organisation | None = None
    best_depth = -1
    for organisation in candidates:
        top = organisation.jurisdiction_code
        covers = Region.lies_within(region_code, top)
        depth = top.count(".") + 1 if top else 0
        if covers and depth > best_depth:
            best, best_depth = organisation, depth
    return best


def require_organisation(kinds: Iterable[str], region_code: str | None) -> Organisation:
    kinds = list(kinds)
    found = resolve_organisation(kinds, region_code)
    if found is None:
        raise ActionRefused(
            _(
                "No organisation of the kind needed (%(kinds)s) covers this region. "
                "Ask the administrator to register it first."
            )
            % {"kinds": ", ".join(str(Organisation.Kind(kind).label) for kind in kinds)},
            code="no_recipient",
        )
    return found
