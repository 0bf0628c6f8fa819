"""Report events, identity reads included, are chained under the timeline key like cases."""

from django.db import connection

from netral.core import timeline
from netral.reports import services
from netral.reports.models import Report, ReportEvent
from netral.reports.tests import factories


def _formal_report_read_by(officer, now):
    report = factories.submit(
        now=now, track=Report.Track.FORMAL, identity=factories.identity()
    ).report
    services.read_identity(report=report, by=officer, now=now)
    return report


def test_report_events_are_chained_in_order(regions, now, bawaslu_bantul_officer):
    report = _formal_report_read_by(bawaslu_bantul_officer, now)
    events = list(report.events.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert events[0].prev_hash == ""
    assert all(b.prev_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    assert events[-1].type == ReportEvent.Type.IDENTITY_READ
    assert list(timeline.verify_all()) == []


def test_an_erased_identity_read_is_detected(regions, now, bawaslu_bantul_officer):
    report = _formal_report_read_by(bawaslu_bantul_officer, now)
    read = report.events.get(type=ReportEvent.Type.IDENTITY_READ)
    with connection.cursor() as cursor:  # hide who read it: make it look like another event
        cursor.execute("UPDATE reports_reportevent SET actor_id = NULL WHERE id = %s", [read.pk])
    assert [(b.chain, b.scope, b.seq, b.reason) for b in timeline.verify_all()] == [
        ("reports", report.code, read.seq, "content")
    ]


def test_a_removed_last_read_is_caught_against_a_digest(regions, now, bawaslu_bantul_officer):
    report = _formal_report_read_by(bawaslu_bantul_officer, now)
    digest = timeline.publish_digest(now=now).as_file()
    read = report.events.get(type=ReportEvent.Type.IDENTITY_READ)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_reportevent WHERE id = %s", [read.pk])
    assert list(timeline.verify_all()) == []  # nothing after it to break
    assert [(b.scope, b.reason) for b in timeline.verify_against(digest)] == [(report.code, "gone")]
