"""The timeline is append-only and hash-chained; tampering is detected at the first broken link."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from netral.cases import services, timeline
from netral.cases.models import CaseEvent
from netral.core import timeline as core_timeline


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
    assert [b.scope for b in timeline.verify_all()] == [at_bkn.code]


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


def _rewrite_with_the_key(case, seq, payload):
    """What someone with database write access and the key could do: change one event and
    recompute every later hash and the head, so that the chain alone looks intact."""
    prev = case.events.get(seq=seq).prev_hash
    for event in case.events.filter(seq__gte=seq).order_by("seq"):
        if event.seq == seq:
            event.payload = payload
        event.prev_hash = prev
        prev = event.expected_hash(case.code)
        _sql(
            "UPDATE cases_caseevent SET payload = %s, prev_hash = %s, hash = %s WHERE id = %s",
            json.dumps(event.payload),
            event.prev_hash,
            prev,
            event.pk,
        )
    _sql("UPDATE cases_case SET head_hash = %s WHERE id = %s", prev, case.pk)


def test_a_rewrite_by_someone_without_the_key_is_detected(at_bkn):
    """With plain SHA-256 anyone with database access could recompute a consistent chain."""
    with override_settings(NETRAL_TIMELINE_KEY="a-guess-at-the-key-0123456789abcdefgh"):
        _rewrite_with_the_key(at_bkn, 2, {"forged": True})
    broken = timeline.verify_case(at_bkn)
    assert (broken.seq, broken.reason) == (2, "content")
    with pytest.raises(CommandError):
        call_command("verify-timeline")


def test_verify_against_a_digest_catches_a_rewrite_by_a_key_holder(at_bkn, tmp_path, capsys, now):
    digest_file = tmp_path / "digest.json"
    call_command("publish-timeline-digest", "--out", str(digest_file))
    assert "Root (SHA-256)" in capsys.readouterr().out
    call_command("verify-timeline", "--against", str(digest_file))
    _rewrite_with_the_key(at_bkn, 2, {"forged": True})
    call_command("verify-timeline")  # the chain alone cannot tell
    with pytest.raises(CommandError):
        call_command("verify-timeline", "--against", str(digest_file))
    err = capsys.readouterr().err
    assert f"cases {at_bkn.code}: broken at event #" in err
    assert "history rewritten" in err


def test_events_after_the_digest_do_not_break_it(at_bkn, tmp_path, bkn_officer, now):
    digest = core_timeline.publish_digest(now=now)
    services.tag(case=at_bkn, add=["prioritas"], by=bkn_officer, now=now)
    assert core_timeline.verify_against(digest.as_file()) == []


def test_a_digest_whose_content_or_signature_changed_is_refused(at_bkn, now):
    signed = core_timeline.publish_digest(now=now).as_file()
    altered = json.loads(json.dumps(signed))
    altered["document"]["chains"]["cases"][0][1] = 1
    with pytest.raises(core_timeline.DigestRefused, match="root"):
        core_timeline.verify_against(altered)
    forged = json.loads(json.dumps(signed))
    forged["signature"] = "00" * 64
    with pytest.raises(core_timeline.DigestRefused, match="signature"):
        core_timeline.verify_against(forged)
    with (
        override_settings(NETRAL_TIMELINE_KEY="another-installation-key-0123456789ab"),
        pytest.raises(core_timeline.DigestRefused, match="another key"),
    ):
        core_timeline.verify_against(signed)


def test_a_removed_case_timeline_is_caught_against_the_digest(at_bkn, now):
    digest = core_timeline.publish_digest(now=now).as_file()
    _sql("DELETE FROM cases_caseevent WHERE case_id = %s", at_bkn.pk)
    reasons = {b.reason for b in core_timeline.verify_against(digest)}
    assert "gone" in reasons


def test_verify_timeline_names_an_unknown_case(db):
    with pytest.raises(CommandError, match="No case with code KS-NONE"):
        call_command("verify-timeline", "KS-NONE")


def test_the_timeline_shows_a_decree_date_as_the_project_writes_dates(at_ppk, ppk_officer):
    import datetime as dt

    from django.utils import translation

    from netral.cases import selectors
    from netral.cases.tests.conftest import NOW, REASON, walk

    data = {
        "decree_number": "800/77/2024",
        "decree_signatory": "Bupati Bantul",
        "decree_date": "2024-10-07",
        "sanction": "PP94-BERAT-TURUN",
        "reasoning": REASON,
    }
    case = walk(at_ppk, ppk_officer, ("record_ppk_decision", data), now=NOW + dt.timedelta(days=1))
    with translation.override("id"):
        shown = [value for row in selectors.timeline_rows(case) for _l, value in row["details"]]
    assert "7 Okt 2024" in shown and "2024-10-07" not in shown


def test_the_summary_history_names_the_stages_and_never_an_empty_organisation(at_ppk):
    import datetime as dt

    from django.utils import translation

    from netral.cases.services import documents

    services.mark_overdue_steps(now=at_ppk.due_at + dt.timedelta(minutes=1))
    with translation.override("id"):
        rows = documents._timeline(at_ppk)
    moved = [row["label"] for row in rows if row["label"].startswith("Tahap berubah")]
    assert moved and all("→" in label for label in moved)
    assert all(row["organisation"] for row in rows)
    assert any(row["label"] == "Tenggat terlewati" for row in rows)
