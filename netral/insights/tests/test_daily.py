"""Daily figures (decision 0170): a period of whole days of the country or a stored area is the
merge of its days' rows, equal to the live count and to the hand count, at the edges of a
month, for one day, for no day at all; the refresh recounts only the days that changed."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from netral.cases.models import Case, Step
from netral.cases.tests.conftest import NOW, TO_EXAMINATION, walk
from netral.insights import figures, services
from netral.insights.figures import Scope
from netral.insights.models import DailyFigure, StoredFigure
from netral.insights.tests.test_stored import DASHBOARD, _every_figure

pytestmark = pytest.mark.django_db

D = dt.date
PERIODS = [
    (D(2024, 10, 7), D(2024, 10, 7)),  # one day: the three cases
    (D(2024, 10, 8), D(2024, 10, 31)),  # mid-month to the month's end: 31 October, 23:30
    (D(2024, 10, 31), D(2024, 11, 1)),  # across the month's edge in the site's zone
    (D(2024, 10, 8), D(2024, 10, 30)),  # no case at all
    (D(2024, 10, 2), None),  # open end
    (None, D(2024, 10, 31)),  # open start
    (D(2023, 1, 1), D(2023, 1, 5)),  # before the first case
]
AREAS = ["", "34"]


def _scope(region: str, period: tuple[dt.date | None, dt.date | None]) -> Scope:
    return Scope(region=region, date_from=period[0], date_to=period[1])


def _daily_figures(scope: Scope) -> dict[str, object]:
    """Every figure a dashboard reads (the public neutrality index's `agency_figures` is not
    read from days)."""
    return {k: v for k, v in _every_figure(scope).items() if k != "agency_figures"}


def _cases(scope: Scope) -> int:
    return sum(row["count"] for row in figures.cases_by_stage(scope))


def test_any_period_of_days_equals_the_live_count_and_the_hand_count(
    october_and_november, open_case
):
    scopes = [_scope(area, period) for area in AREAS for period in PERIODS]
    live = {scope: _daily_figures(scope) for scope in scopes}
    assert all(figures.as_of(scope) is None for scope in scopes)  # nothing stored yet
    services.refresh_days(now=timezone.now())
    open_case(title="After the refresh", at=NOW + dt.timedelta(days=2))  # read, not recounted
    for scope in scopes:
        assert figures.daily_days(scope) is not None, scope
        assert figures.as_of(scope) is not None
        assert _daily_figures(scope) == live[scope], scope
    # The hand count, in DIY (all in Bantul): 3 cases on 7 October, one on 31 October at
    # 23:30 and one on 1 November at 00:00 (WIB).
    counted = [_cases(_scope("34", period)) for period in PERIODS]
    assert counted == [3, 1, 2, 0, 5, 4, 0]
    outcomes = figures.recommendation_outcomes(_scope("34", PERIODS[0]))
    assert (outcomes.received, outcomes.pending) == (1, 1)


def test_stage_times_from_day_histograms_equal_the_live_percentiles(october_and_november):
    # Spread the steps' durations over fractions of days, so that medians and p90s differ.
    for index, step in enumerate(Step.objects.order_by("pk")):
        opened = step.case.received_at + dt.timedelta(hours=7 * index + 1, minutes=11 * index)
        closed = opened + dt.timedelta(days=index % 4, hours=5 * index, seconds=index)
        Step.objects.filter(pk=step.pk).update(
            opened_at=opened, closed_at=closed, status=Step.Status.DONE
        )
    periods = [_scope(area, period) for area in AREAS for period in PERIODS[:3]]
    live = {scope: figures.stage_times(scope) for scope in periods}
    assert any(row.took_p90 != row.took_median for rows in live.values() for row in rows)
    services.refresh_days(now=timezone.now())
    for scope in periods:
        assert figures.stage_times(scope) == live[scope], scope


def test_the_refresh_recounts_only_the_days_that_changed(
    october_and_november, open_case, bawaslu_bantul_officer
):
    first = timezone.now() - dt.timedelta(minutes=5)
    services.refresh_days(now=first)
    rows = DailyFigure.objects.count()
    days = DailyFigure.objects.exclude(key__endswith=figures.WEEK)
    assert set(days.values_list("day", flat=True)) == {
        D(2024, 10, 7), D(2024, 10, 31), D(2024, 11, 1)
    }  # fmt: skip
    weeks = DailyFigure.objects.filter(key__endswith=figures.WEEK)
    assert set(weeks.values_list("day", flat=True)) == {D(2024, 10, 7), D(2024, 10, 28)}
    late = open_case(title="Baru", at=NOW + dt.timedelta(days=3))  # 10 October
    walk(Case.objects.get(title="Ketiga"), bawaslu_bantul_officer, *TO_EXAMINATION)
    services.refresh_days(now=timezone.now())
    recounted = set(days.exclude(computed_at=first).values_list("day", flat=True))
    assert recounted == {D(2024, 10, 7), timezone.localdate(late.received_at)}
    assert set(weeks.exclude(computed_at=first).values_list("day", flat=True)) == {D(2024, 10, 7)}
    assert DailyFigure.objects.count() > rows
    assert _cases(_scope("34", (D(2024, 10, 7), D(2024, 10, 10)))) == 4
    stages = figures.cases_by_stage(_scope("", (D(2024, 10, 7), D(2024, 10, 7))))
    assert stages == figures.STORED["cases_by_stage"](_scope("", (D(2024, 10, 7), D(2024, 10, 7))))


def test_a_period_reads_whole_weeks_and_single_days():
    # Wednesday 2 October to Tuesday 22 October: 7 single days and the weeks of 7 and 14 October.
    days, mondays = figures.in_weeks(D(2024, 10, 2), D(2024, 10, 22))
    assert days == [D(2024, 10, 2), D(2024, 10, 3), D(2024, 10, 4), D(2024, 10, 5),
                    D(2024, 10, 6), D(2024, 10, 21), D(2024, 10, 22)]  # fmt: skip
    assert mondays == [D(2024, 10, 7), D(2024, 10, 14)]
    assert figures.in_weeks(D(2024, 10, 7), D(2024, 10, 13)) == ([], [D(2024, 10, 7)])
    assert figures.in_weeks(D(2024, 10, 8), D(2024, 10, 7)) == ([], [])


def test_unstored_areas_stale_marks_and_narrowed_scopes_count_live(october_and_november, settings):
    services.refresh_days(now=timezone.now())
    october = (D(2024, 10, 1), D(2024, 10, 31))
    assert figures.daily_days(_scope("35", october)) is None  # no case there: counted live
    assert figures.daily_days(_scope("34.02", october)) is None  # a regency: counted live
    assert figures.daily_days(Scope(election="x", date_from=october[0])) is None
    assert figures.daily_days(Scope(region="34")) is None  # no period: the stored scope
    assert figures.daily_days(_scope("34", october)) == (D(2024, 10, 7), october[1])  # clipped
    mark = StoredFigure.objects.get(key=figures.DAILY_MARK)
    mark.value["form"] = figures.DAILY_FORM - 1  # rows of an older form: not read
    mark.save()
    assert figures.daily_days(_scope("34", october)) is None
    services.refresh_days(now=timezone.now())  # counts every day again
    assert figures.daily_days(_scope("34", october)) is not None
    settings.NETRAL_FIGURES_MAX_AGE = 0
    assert figures.daily_days(_scope("34", october)) is None
    assert _cases(_scope("34", october)) == 4


def test_the_dashboard_reads_a_period_of_days_and_refuses_impossible_ones(
    client_for, bawaslu_diy_supervisor, bawaslu_bantul_officer, october_and_november
):
    services.refresh_days(now=timezone.now())
    client = client_for(bawaslu_diy_supervisor)
    body = client.get(DASHBOARD, {"date_from": "2024-10-05", "date_to": "2024-10-19"})
    text = body.content.decode()
    assert "Angka per" in text or "Figures as of" in text
    assert "state=recommended" in text
    empty = client.get(DASHBOARD, {"date_from": "2024-10-08", "date_to": "2024-10-30"})
    assert empty.status_code == 200 and "state=recommended" not in empty.content.decode()
    wrong = client.get(DASHBOARD, {"date_from": "2024-10-19", "date_to": "2024-10-05"})
    assert wrong.status_code == 200 and "state=recommended" not in wrong.content.decode()
    # A regency's period of other days is counted live, and says so.
    regency = client_for(bawaslu_bantul_officer).get(DASHBOARD, {"date_from": "2024-10-05"})
    text = regency.content.decode()
    assert "state=recommended" in text and "Angka per" not in text and "Figures as of" not in text


def test_a_long_table_shows_its_first_rows_and_leaves_the_rest_to_the_downloads(db):
    from django.template.loader import render_to_string
    from django.utils import translation

    from netral.insights.tables import Table

    rows = [[f"Instansi {n}", 100 - n] for n in range(60)]
    table = Table("repeat_agencies", "Instansi", ["Instansi", "Kasus"], rows)
    assert len(table.shown_rows()) == 50 and table.more == 10
    with translation.override("id"):
        html = render_to_string("insights/_table.html", {"item": {"table": table}})
    assert "Instansi 49" in html and "Instansi 50" not in html
    assert "10 baris lainnya ada di unduhan di bawah." in html


def test_the_command_recounts_every_day_when_asked(october_and_november):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("refresh-figures", "--all-days", stdout=out)
    assert "daily rows stored" in out.getvalue() and "figures stored" in out.getvalue()
    assert DailyFigure.objects.filter(day=D(2024, 10, 31)).exists()
    assert _cases(_scope("", (D(2024, 10, 31), D(2024, 11, 1)))) == 2


def test_a_page_reads_the_daily_mark_once(october_and_november):
    services.refresh_days(now=timezone.now())
    october = _scope("34", (D(2024, 10, 1), D(2024, 10, 31)))
    with figures.mark_read_once():
        assert figures.daily_days(october) is not None
        StoredFigure.objects.filter(key=figures.DAILY_MARK).delete()
        assert figures.daily_days(october) is not None  # as the page first read it
    assert figures.daily_days(october) is None


def test_all_days_deletes_the_rows_of_a_day_left_empty(october_and_november):
    services.refresh_days(now=timezone.now())
    last_day = _scope("", (D(2024, 10, 31), D(2024, 10, 31)))
    assert _cases(last_day) == 1
    # The case of 31 October moved to 7 October (a correction no event marks).
    Case.objects.filter(title="Akhir Oktober").update(received_at=NOW)
    services.refresh_days(now=timezone.now(), full=True)
    assert not DailyFigure.objects.filter(day=D(2024, 10, 31)).exists()
    assert _cases(last_day) == 0
    assert _cases(_scope("34", (D(2024, 10, 28), D(2024, 11, 3)))) == 1  # the week's row


def test_a_corrected_region_is_recounted_in_the_area_it_left(
    october_and_november, bawaslu_bantul_officer
):
    from netral.cases.services import queue
    from tests.conftest import _region

    east_java = _region("35", "Jawa Timur", None)
    Case.objects.filter(title="Awal November").update(region_code="35")  # 35 is known
    services.refresh_days(now=timezone.now())
    case = Case.objects.get(title="Akhir Oktober")
    day = _scope("34", (D(2024, 10, 31), D(2024, 10, 31)))
    assert _cases(day) == 1
    queue.update_details(
        case=case, changes={"region": east_java}, by=bawaslu_bantul_officer, now=NOW
    )
    services.refresh_days(now=timezone.now())
    assert _cases(day) == 0
    assert _cases(_scope("35", (D(2024, 10, 31), D(2024, 10, 31)))) == 1


def test_an_event_committed_after_the_mark_with_a_lower_id_is_still_seen(
    october_and_november, bawaslu_bantul_officer
):
    services.refresh_days(now=timezone.now())
    late = Case.objects.get(title="Akhir Oktober")
    walk(late, bawaslu_bantul_officer, *TO_EXAMINATION)  # its events: ids above the mark's
    Case.objects.filter(pk=late.pk).update(received_at=NOW)  # now one of 7 October's
    # A refresh that read the highest ids while those events were not yet committed.
    mark = StoredFigure.objects.get(key=figures.DAILY_MARK)
    missed = services._EVENTS["case"].order_by("-pk").values_list("pk", flat=True).first()
    mark.value["before"] = mark.value["events"]
    mark.value["events"] = {**mark.value["events"], "case": missed}
    mark.save()
    services.refresh_days(now=timezone.now())
    assert _cases(_scope("", (D(2024, 10, 7), D(2024, 10, 7)))) == 4


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite lets one writer in at a time anyway"
)
@pytest.mark.django_db(transaction=True)
def test_a_refresh_skips_while_another_holds_the_mark(october_and_november):
    import threading

    from django.db import transaction

    services.refresh_days(now=timezone.now())
    before = DailyFigure.objects.count()
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with transaction.atomic():
            StoredFigure.objects.select_for_update().get(key=figures.DAILY_MARK)
            held.set()
            done.wait(10)
        connection.close()

    other = threading.Thread(target=hold)
    other.start()
    held.wait(10)
    try:
        assert services.refresh_days(now=timezone.now(), full=True) == 0
    finally:
        done.set()
        other.join()
    assert DailyFigure.objects.count() == before


def test_the_daily_rows_have_indonesian_names():
    from django.utils import translation

    meta = DailyFigure._meta
    with translation.override("id"):
        names = [str(meta.verbose_name), str(meta.verbose_name_plural)]
        names += [str(meta.get_field(name).verbose_name) for name in ("key", "day")]
    assert names == ["angka harian", "angka harian", "angka dan wilayah", "hari"]


def test_the_ppk_table_shows_the_lowest_follow_up_first_and_downloads_keep_every_row(
    db, monkeypatch
):
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.utils import translation

    from netral.cases.selectors import Compliance
    from netral.insights import tables

    # PPK 00 to 59 alphabetically; PPK n followed n of its 60 recommendations, all decided;
    # PPK 59 has nothing decided yet.
    per_ppk = [Compliance(n, f"PPK {n:02}", 60, n, 0, 60 - n, 0, 0, 0, 0) for n in range(59)]
    per_ppk.append(Compliance(59, "PPK 59", 1, 0, 0, 0, 0, 1, 0, 0))
    per_ppk.reverse()  # the selector's order, whatever it is, is the downloads' order
    monkeypatch.setattr(tables, "_outcomes", lambda scope: SimpleNamespace(per_ppk=per_ppk))
    with translation.override("id"):
        table = tables.ppk(Scope())
        html = render_to_string("insights/_table.html", {"item": {"table": table}})
    assert [row[0] for row in table.rows] == [r.ppk for r in per_ppk]  # downloads: every row
    shown = [row[0] for row, _url in table.shown_rows()]
    assert shown == [f"PPK {n:02}" for n in range(50)]  # the lowest share followed first
    assert "PPK 49" in html and "PPK 50" not in html and "PPK 59" not in html
    assert "Ditampilkan 50 dengan tindak lanjut terendah; unduhan memuat semuanya." in html
