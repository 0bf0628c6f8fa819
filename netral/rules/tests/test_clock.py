"""The legal clock past 2026 and across WIB, WITA and WIT: table-driven, with the bad input."""

import datetime as dt

import pytest
from django.utils import translation

from netral.registry import families
from netral.rules import deadlines, zones
from netral.rules.models import Holiday

SHIPPED = deadlines.shipped_holidays()
BEFORE_2027 = frozenset(day for day in SHIPPED if day.year < 2027)
NAIVE = dt.datetime(2026, 1, 9)  # noqa: DTZ001
WITA, WIT, WIB = (zones.zones()[label] for label in ("WITA", "WIT", "WIB"))


@pytest.mark.parametrize(
    ("start", "rule", "holidays", "due_date", "missing"),
    [
        # The example: 5 January without the 2027 holidays, now 7 January (1 Jan counts).
        (dt.date(2026, 12, 14), "ppk.followup", SHIPPED, dt.date(2027, 1, 7), ()),
        (dt.date(2026, 12, 14), "ppk.followup", BEFORE_2027, dt.date(2027, 1, 5), (2027,)),
        (dt.date(2026, 12, 23), "pemilu.report", BEFORE_2027, dt.date(2027, 1, 5), (2027,)),
        # Ends within 2026: the missing 2027 does not matter.
        (dt.date(2026, 12, 28), "bkn.bawaslu_validation", BEFORE_2027, dt.date(2026, 12, 31), ()),
        # Calendar days never depend on holidays, so they are never flagged.
        (dt.date(2026, 12, 30), "pilkada.decision", BEFORE_2027, dt.date(2027, 1, 2), ()),
        # Starting on 31 December: counting begins in the new year.
        (dt.date(2027, 12, 31), "ppk.followup", SHIPPED, dt.date(2028, 1, 20), (2028,)),
        # The edges of the calendar compute, flagged.
        (dt.date(1990, 3, 1), "bkn.bawaslu_validation", SHIPPED, dt.date(1990, 3, 6), (1990,)),
        (dt.date(2100, 12, 30), "ppk.followup", SHIPPED, dt.date(2101, 1, 19), (2100, 2101)),
    ],
)
def test_deadlines_across_years(start, rule, holidays, due_date, missing):
    result = deadlines.due(start, rule, holidays=holidays)
    assert (result.due_date, result.missing_years) == (due_date, missing)
    assert result.unverified or not missing
    if missing:
        years = ", ".join(str(year) for year in missing)
        assert f"Kalender libur {years} belum dimuat" in result.explanation
        assert f"Holiday calendar for {years} not loaded" in result.explanation_in("en")
    else:
        assert "belum dimuat" not in result.explanation


@pytest.mark.parametrize(
    ("region", "label", "start_day", "due_at"),
    [
        ("", "WIB", dt.date(2026, 11, 24), "2026-11-27T23:59:59.999999+07:00"),
        ("31.71", "WIB", dt.date(2026, 11, 24), "2026-11-27T23:59:59.999999+07:00"),
        ("61.71", "WIB", dt.date(2026, 11, 24), "2026-11-27T23:59:59.999999+07:00"),
        ("73.71", "WITA", dt.date(2026, 11, 25), "2026-11-28T23:59:59.999999+08:00"),
        ("51.71.01.1001", "WITA", dt.date(2026, 11, 25), "2026-11-28T23:59:59.999999+08:00"),
        ("91.71", "WIT", dt.date(2026, 11, 25), "2026-11-28T23:59:59.999999+09:00"),
        ("96", "WIT", dt.date(2026, 11, 25), "2026-11-28T23:59:59.999999+09:00"),
    ],
)
def test_the_province_dates_the_start_and_ends_the_day(region, label, start_day, due_at):
    # 16:30 UTC is 23:30 WIB on the 24th but 00:30 WITA (01:30 WIT) on the 25th.
    received = dt.datetime(2026, 11, 24, 16, 30, tzinfo=dt.UTC)
    zone = zones.zone_for_region(region)
    result = deadlines.due(received, "pilkada.decision", zone=zone)
    assert (zone.label, result.start, result.due_at.isoformat()) == (label, start_day, due_at)
    assert result.explanation.endswith(f"pukul 23.59 {label}.")
    assert result.due_at_label == f"23.59 {label}"


def test_every_province_of_the_registry_has_a_zone_matching_the_tz_database():
    import gzip
    from pathlib import Path

    import netral.registry

    data = Path(netral.registry.__file__).parent / "data" / "wilayah_kepmendagri_2025.csv.gz"
    with gzip.open(data, "rt", encoding="utf-8") as rows:
        lines = rows.read().splitlines()[1:]
    provinces = {line.split(",")[0] for line in lines if line.endswith(",1")}
    assert {code for code, _zone in zones.province_table()} == provinces
    moment = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    offsets = {"WIB": 7, "WITA": 8, "WIT": 9}
    for label, zone in zones.zones().items():
        assert moment.astimezone(zone.tzinfo).utcoffset() == dt.timedelta(hours=offsets[label])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: deadlines.due(dt.date(2026, 1, 5), "nope"), "nope"),
        (lambda: deadlines.due(dt.date(2026, 1, 5), "gakkumdu.investigation"), "family"),
        (
            lambda: deadlines.due(dt.date(2026, 1, 5), "gakkumdu.investigation", family="pilpres"),
            "pilpres",
        ),
        (lambda: deadlines.due(dt.datetime(2026, 1, 5, 9), "pilkada.decision"), "aware"),  # noqa: DTZ001
        (lambda: deadlines.due(dt.date(1989, 12, 31), "pilkada.decision"), "1989"),
        (lambda: deadlines.due(dt.date(2101, 1, 1), "ppk.followup"), "2101"),
        (lambda: zones.zone_for_region("99.01"), "99.01"),
        (lambda: zones.zone_for_region("nowhere"), "nowhere"),
        (
            lambda: deadlines.is_late(dt.date(2026, 1, 5), "pilkada.decision", NAIVE),
            "aware",
        ),
    ],
)
def test_bad_input_gets_a_clear_message(call, message):
    with translation.override("en"), pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("step", "family", "rule", "unit"),
    [
        ("gakkumdu.investigation", "pilkada", "pilkada.gakkumdu.investigation", "working_days"),
        ("gakkumdu.investigation", "pemilu", "pemilu.gakkumdu.investigation", "calendar_days"),
        ("gakkumdu.to_court", "pilkada", "pilkada.gakkumdu.to_court", "working_days"),
        ("gakkumdu.to_court", "pemilu", "pemilu.gakkumdu.to_court", "calendar_days"),
        ("gakkumdu.court_decision", "pemilu", "pemilu.gakkumdu.court_decision", "calendar_days"),
        ("bawaslu.examination", "pilkada", "pilkada.decision", "calendar_days"),
        ("bawaslu.examination", "pemilu", "pemilu.decision", "calendar_days"),
        ("ppk.follow_up", "pemilu", "ppk.followup", "working_days"),
        ("escalation.reminder", "pilkada", "escalation.reminder", "working_days"),
    ],
)
def test_a_workflow_key_follows_its_election_familys_chain(step, family, rule, unit):
    result = deadlines.due(dt.date(2026, 3, 2), step, family=family)
    assert (result.rule_key, result.unit.value) == (rule, unit)


def test_unverified_readings_carry_their_mark_and_reason():
    for rule in deadlines.rules().values():
        if rule.key.startswith("pemilu.gakkumdu."):
            assert rule.confidence == "P" and "Pasal 1" in rule.note.en
        if rule.confidence != "V":
            assert rule.note is not None and rule.note.id and rule.note.en
    _decree, confidence, note = zones.source()
    assert confidence == "P" and note.en


def test_every_rule_family_is_the_registry_vocabulary():
    assert {r.family for r in deadlines.rules().values()} == {None, *families.FAMILIES}


@pytest.mark.django_db
def test_the_administrators_table_decides_which_years_are_loaded():
    from netral.rules import selectors

    assert (
        deadlines.due(
            dt.date(2026, 12, 14), "ppk.followup", holidays=selectors.holiday_dates()
        ).missing_years
        == ()
    )
    Holiday.objects.filter(date__year=2027).update(is_active=False)
    result = deadlines.due(
        dt.date(2026, 12, 14), "ppk.followup", holidays=selectors.holiday_dates()
    )
    assert result.missing_years == (2027,)


@pytest.mark.django_db
def test_the_calculator_page_shows_the_flag_and_the_zone(client):
    Holiday.objects.filter(date__year=2027).delete()
    page = client.get(
        "/aturan/tenggat/", {"rule": "ppk.followup", "start": "2026-12-14", "zone": "WITA"}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-calendar-missing="2027"' in text
    assert "Kalender libur 2027 belum dimuat" in text
    assert "23.59 WITA" in text


@pytest.mark.django_db
def test_the_calculator_page_refuses_a_start_outside_the_calendar(client):
    page = client.get("/aturan/tenggat/", {"rule": "ppk.followup", "start": "1989-06-01"})
    assert page.status_code == 200
    assert "1989" in page.content.decode() and "data-calendar-missing" not in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"rule": "nope", "start": "2026-12-14"}, "rule"),
        ({"rule": "gakkumdu.investigation", "start": "2026-12-14"}, "rule"),
        ({"rule": "ppk.followup", "start": "2100-12-31", "region": "99"}, "region"),
        ({"rule": "ppk.followup", "start": "1980-01-01"}, "start"),
    ],
)
def test_the_api_refuses_bad_input_with_the_field(client, params, field):
    response = client.get("/api/rules/due", params)
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]


@pytest.mark.django_db
def test_the_api_flags_a_missing_year_and_names_the_zone(client):
    Holiday.objects.filter(date__year=2027).delete()
    body = client.get(
        "/api/rules/due",
        {
            "rule": "gakkumdu.investigation",
            "family": "pemilu",
            "start": "2026-12-21",
            "region": "91.71",
            "lang": "en",
        },
    ).json()
    assert body["rule"] == "pemilu.gakkumdu.investigation" and body["zone"] == "WIT"
    assert body["due_at"].endswith("+09:00") and body["missing_years"] == []
    body = client.get("/api/rules/due", {"rule": "ppk.followup", "start": "2026-12-14"}).json()
    assert body["missing_years"] == [2027] and body["unverified"] is True
    assert body["calendar_warning"].startswith("Kalender libur 2027 belum dimuat")
