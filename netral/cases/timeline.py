"""Checking the hash chain of case timelines: the first broken link of a case, or of all cases.

Read-only. Streams events in (case, seq) order so that a million events fit in little memory.
"""

import json
from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction

from netral.cases.models import Case, CaseEvent
from netral.cases.models.events import chain_hash
from netral.core import timeline
from netral.core.timeline import Break

CHAIN = "cases"


_FIELDS = (
    "case_id",
    "seq",
    "type",
    "actor_id_snapshot",
    "actor_label",
    "organisation_id",
    "at",
    "payload",
    "prev_hash",
    "hash",
)


class _Walker:
    """Follows one case's chain event by event."""

    def __init__(self, code: str, count: int, head: str) -> None:
        self.code, self.count, self.head = code, count, head
        self.expected_seq, self.prev = 1, ""
        self.broken: Break | None = None

    def feed(self, row: tuple[Any, ...]) -> None:
        if self.broken is not None:
            return
        _case, seq, type_, actor, label, org, at, payload, prev_hash, digest = row
        if seq != self.expected_seq:
            self.broken = Break(CHAIN, self.code, self.expected_seq, "missing")
        elif prev_hash != self.prev:
            self.broken = Break(CHAIN, self.code, seq, "link")
        elif digest != chain_hash(
            case_code=self.code,
            seq=seq,
            type=type_,
            actor_id=actor,
            actor_label=label,
            organisation_id=org,
            at=at,
            payload=payload,
            prev_hash=prev_hash,
        ):
            self.broken = Break(CHAIN, self.code, seq, "content")
        else:
            self.prev, self.expected_seq = digest, seq + 1

    def finish(self) -> Break | None:
        if self.broken is None and (self.expected_seq - 1 != self.count or self.prev != self.head):
            self.broken = Break(CHAIN, self.code, self.expected_seq, "truncated")
        return self.broken


def verify_case(case: Case) -> Break | None:
    """The first broken link of one case's timeline, or None when it is intact."""
    walker = _Walker(case.code, case.event_count, case.head_hash)
    for row in CaseEvent.objects.filter(case=case).order_by("seq").values_list(*_FIELDS):
        walker.feed(row)
    return walker.finish()


def _event_rows(chunk_size: int) -> Iterator[tuple[Any, ...]]:
    """All events in (case, seq) order. On PostgreSQL straight from a server-side cursor: the
    ORM's per-row conversions would double the time of a million-event check."""
    if connection.vendor != "postgresql":
        rows = CaseEvent.objects.order_by("case_id", "seq").values_list(*_FIELDS)
        yield from rows.iterator(chunk_size=chunk_size)
        return
    by_attname = {field.attname: str(field.column) for field in CaseEvent._meta.concrete_fields}
    columns = ", ".join(by_attname[name] for name in _FIELDS)
    table = CaseEvent._meta.db_table
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.connection.cursor(name="netral_verify_timeline")
        cursor.itersize = chunk_size
        # Column and table names come from the model, never from input.
        cursor.execute(f"SELECT {columns} FROM {table} ORDER BY case_id, seq")  # noqa: S608
        for row in cursor:
            # Django's connection hands JSON columns over as text; the ORM would parse it.
            payload = row[7]
            yield row if not isinstance(payload, str) else (*row[:7], json.loads(payload), *row[8:])
        cursor.close()


def verify_all(chunk_size: int = 5000) -> Iterator[Break]:
    """Every case whose timeline is broken, with its first broken link, in one ordered pass."""
    heads = {
        pk: (code, count, head)
        for pk, code, count, head in Case.objects.values_list(
            "pk", "code", "event_count", "head_hash"
        ).iterator(chunk_size=chunk_size)
    }
    walker: _Walker | None = None
    current = None
    for row in _event_rows(chunk_size):
        if row[0] != current:
            if walker is not None and (found := walker.finish()) is not None:
                yield found
            current = row[0]
            walker = _Walker(*heads.pop(current))
        walker.feed(row)  # type: ignore[union-attr]
    if walker is not None and (found := walker.finish()) is not None:
        yield found
    for code, count, _head in heads.values():  # cases whose events are all gone
        if count:
            yield Break(CHAIN, code, 1, "missing")


def heads() -> Iterator[tuple[str, int, str]]:
    """(case code, event count, head hash) of every case with events, as stored on the case."""
    rows = Case.objects.filter(event_count__gt=0).order_by("pk")
    yield from rows.values_list("code", "event_count", "head_hash").iterator(5000)


def hashes() -> Iterator[tuple[str, int, str]]:
    """(case code, seq, hash) of every event."""
    rows = CaseEvent.objects.order_by("case_id", "seq").values_list("case__code", "seq", "hash")
    yield from rows.iterator(chunk_size=5000)


def verify_code(code: str) -> Break | None:
    """`verify_case` by case code; LookupError when no case has it."""
    case = Case.objects.filter(code=code.strip().upper()).first()
    if case is None:
        raise LookupError(code)
    return verify_case(case)


def register() -> None:
    timeline.register(
        timeline.Chain(
            name=CHAIN, heads=heads, hashes=hashes, verify=verify_all, verify_one=verify_code
        )
    )
