"""`core.inserts.insert_together`, on the rows of a report: one statement on PostgreSQL, the
rows one by one elsewhere, the same rows either way, and nothing stored when one row fails."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, models, transaction

from netral.core import inserts
from netral.reports.models import PendingDuplicateCheck, Report, ReportEvent, ReportLink

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 10, 3, 9, 0, tzinfo=dt.UTC)


def _report(regions, code: str) -> Report:
    return Report(
        code=code,
        receipt_hash=code.lower() * 4,
        track=Report.Track.TIP,
        channel=Report.Channel.API,
        subject_name="Budi",
        incident_date=dt.date(2024, 10, 1),
        region=regions["sewon"],
        regency_code="34.02",
        election_kind="bupati",
        category="banner",
        description="Spanduk di kantor dinas.",
        submitted_at=NOW,
    )


def test_the_parent_and_its_children_are_stored_and_linked(regions, django_assert_max_num_queries):
    report = _report(regions, "AAAABBBBCCCC")
    links = [
        ReportLink(report=report, url=f"https://example.id/{n}", url_hash=f"h{n}") for n in (1, 2)
    ]
    limit = 1 if inserts.in_one_statement() else 5  # SQLite: the report and one bulk insert
    with django_assert_max_num_queries(limit):
        inserts.insert_together(report, [("report", links), ("report", [])])
    assert report.pk is not None and not report._state.adding
    stored = Report.objects.get(pk=report.pk)
    assert stored.code == "AAAABBBBCCCC" and stored.status == Report.Status.RECEIVED
    assert sorted(stored.links.values_list("url", flat=True)) == [
        "https://example.id/1",
        "https://example.id/2",
    ]
    assert links[0].report_id == report.pk and links[0].report is report


def test_a_child_that_fails_leaves_no_parent(regions):
    report = _report(regions, "DDDDEEEEFFFF")
    too_long = ReportLink(report=report, url="https://example.id/", url_hash="x" * 65)
    if connection.vendor != "postgresql":
        pytest.skip("SQLite does not enforce varchar lengths; its caller's transaction holds")
    with pytest.raises(DatabaseError), transaction.atomic():
        inserts.insert_together(report, [("report", [too_long])])
    assert not Report.objects.filter(code="DDDDEEEEFFFF").exists()


def _plain(values: list) -> list:
    """Adapter objects (psycopg's Binary, Jsonb) compare by identity: compare what they hold."""
    return [(type(value), value.obj) if hasattr(value, "obj") else value for value in values]


def test_the_kept_statement_is_the_one_djangos_compiler_builds(regions):
    """The statement text is built once per model and row count; it and the converted values
    must stay exactly what Django's insert compiler makes of the same rows."""
    report = _report(regions, "GGGGHHHHJJJJ")
    parent = ("report_id", 'SELECT "id" FROM "netral_new_parent"')
    children = [
        [ReportLink(url=f"https://example.id/{n}", url_hash=f"h{n}") for n in (1, 2)],
        [ReportEvent(type="submitted", payload={"track": "tip", "files": 0}, seq=1)],
        [PendingDuplicateCheck()],
    ]
    kept, compiled = (
        inserts._compiled([report], returning=True),
        inserts._compiled_by_django([report], True, None),
    )
    assert kept[0] == compiled[0] and _plain(kept[1]) == _plain(compiled[1])
    for rows in children:
        kept, compiled = (
            inserts._compiled(rows, parent=parent),
            inserts._compiled_by_django(rows, False, parent),
        )
        assert kept[0] == compiled[0] and _plain(kept[1]) == _plain(compiled[1])
        assert '(SELECT "id" FROM "netral_new_parent")' in kept[0]


class _Cast(models.IntegerField):
    def get_placeholder_sql(self, value, compiler, connection):  # type: ignore[no-untyped-def]
        return "%s::integer", (value,)


def test_a_column_that_writes_sql_of_its_own_is_left_to_djangos_compiler():
    binary_is_plain = connection.vendor in ("postgresql", "sqlite")
    assert not inserts._plain(_Cast(), binary_is_plain)
    assert inserts._plain(models.CharField(), binary_is_plain)
    assert inserts._plain(models.BinaryField(), True) and not inserts._plain(
        models.BinaryField(), False
    )
    assert inserts._plain_columns(connection.vendor, Report)  # its BinaryField is a plain %s here
