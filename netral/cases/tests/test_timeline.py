"""The timeline is append-only and hash-chained; tampering is detected at the first broken link."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from netral.cases import timeline
from netral.cases.models import CaseEvent


def test_each_event_carries_the_previous_hash(at_ppk):
    events = list(at_ppk.events.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == ""
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    assert at_ppk.head_hash == events[-1].hash
    assert timeline.verify_case(at_ppk) is None
    assert list(timeline.verify_all()) == []


def test_events_cannot_be_changed_or_deleted_through_the_application(at_bkn):
    event = at_bkn.events.first()
    event.payload = {"forged": True}
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        CaseEvent.objects.filter(case=at_bkn).update(type="x")
    with pytest.raises(TypeError):
        CaseEvent.objects.filter(case=at_bkn).delete()


def _sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_a_changed_payload_is_detected_at_its_event(at_bkn):
    target = at_bkn.events.get(seq=3)
    _sql("UPDATE cases_caseevent SET payload = %s WHERE id = %s", '{"forged": true}', target.pk)
    broken = timeline.verify_case(at_bkn)
    assert (broken.seq, broken.reason) == (3, "content")
    assert [b.case_code for b in timeline.verify_all()] == [at_bkn.code]


def test_a_deleted_event_is_detected(at_bkn):
    target = at_bkn.events.get(seq=2)
    _sql("DELETE FROM cases_caseevent WHERE id = %s", target.pk)
    broken = timeline.verify_case(at_bkn)
    assert (broken.seq, broken.reason) == (2, "missing")


def test_a_removed_last_event_is_detected(at_bkn):
    last = at_bkn.events.order_by("-seq").first()
    _sql("DELETE FROM cases_caseevent WHERE id = %s", last.pk)
    assert timeline.verify_case(at_bkn).reason == "truncated"


def test_a_recomputed_hash_still_breaks_the_next_link(at_bkn):
    target = at_bkn.events.get(seq=2)
    target.payload = {"forged": True}
    forged = target.expected_hash(at_bkn.code)
    _sql(
        "UPDATE cases_caseevent SET payload = %s, hash = %s WHERE id = %s",
        '{"forged": true}',
        forged,
        target.pk,
    )
    broken = timeline.verify_case(at_bkn)
    assert (broken.seq, broken.reason) == (3, "link")


def test_verify_timeline_command_reports_the_first_broken_link(at_bkn, open_case, capsys):
    intact = open_case(title="Kasus utuh")
    call_command("verify-timeline", intact.code)
    assert "1 case timelines intact" in capsys.readouterr().out
    _sql("UPDATE cases_caseevent SET actor_label = 'x' WHERE case_id = %s AND seq = 4", at_bkn.pk)
    with pytest.raises(CommandError):
        call_command("verify-timeline")
    assert f"{at_bkn.code}: broken at event #4" in capsys.readouterr().err
