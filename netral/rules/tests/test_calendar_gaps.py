"""Before the holiday table runs out: `netral check` warns, the staff home tells administrators."""

import datetime as dt

import pytest
import time_machine

from netral.rules import checks, selectors
from netral.rules.models import Holiday


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "gaps"),
    [
        (dt.date(2026, 9, 30), []),  # before 1 October next year is not needed yet
        (dt.date(2027, 9, 30), []),
        (dt.date(2027, 10, 1), [2028]),  # shipped up to 2027: 2028 is missing from 1 October
        (dt.date(2028, 2, 1), [2028]),  # and this year's always
        (dt.date(2026, 12, 3), []),  # 2027 is shipped
    ],
)
def test_calendar_gaps(today, gaps):
    assert selectors.calendar_gaps(today) == gaps


@pytest.mark.django_db
def test_a_removed_year_is_a_gap_again():
    Holiday.objects.filter(date__year=2027).delete()
    assert selectors.calendar_gaps(dt.date(2026, 12, 3)) == [2027]


@pytest.mark.django_db
def test_netral_check_warns_from_the_first_of_october():
    with time_machine.travel(dt.datetime(2027, 9, 30, 12, tzinfo=dt.UTC)):
        assert checks.holidays_loaded() == []
    with time_machine.travel(dt.datetime(2027, 10, 1, 12, tzinfo=dt.UTC)):
        warnings = checks.holidays_loaded()
    assert [w.id for w in warnings] == ["rules.W001"]
    assert "2028" in warnings[0].msg


@pytest.mark.django_db
@pytest.mark.parametrize(("actor", "told"), [("admin", True), ("bawaslu_bantul_officer", False)])
def test_the_staff_home_tells_platform_administrators(client, request, actor, told):
    Holiday.objects.filter(date__year=2027).delete()
    client.force_login(request.getfixturevalue(actor))
    with time_machine.travel(dt.datetime(2026, 12, 3, 3, tzinfo=dt.UTC)):
        page = client.get("/staf/")
    assert page.status_code == 200
    assert ('data-calendar-missing="2027"' in page.text) is told
    assert ("Kalender libur 2027 belum dimuat" in page.text) is told
