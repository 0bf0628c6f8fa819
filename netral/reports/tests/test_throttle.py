"""Receipt guesses are limited without locking a whole carrier address out for an hour."""

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from netral.reports import crypto

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 10, 3, 9, 41, 5, tzinfo=dt.UTC)
CARRIER = "198.51.100.77"  # one CGNAT address shared by many phones


def _check(client, receipt, address=CARRIER):
    return client.post(reverse("reports:check"), {"receipt": receipt}, REMOTE_ADDR=address)


def _guess(prefix=""):
    code = crypto.normalise_receipt(crypto.new_receipt())
    return prefix + code[len(prefix) :]


def test_a_guesser_behind_a_carrier_address_blocks_it_for_a_minute_at_most(bantul_tip):
    attacker, reporter = Client(), Client()
    with time_machine.travel(NOW, tick=False):
        statuses = [_check(attacker, _guess()).status_code for _ in range(40)]
        assert statuses[:10] == [200] * 10
        assert set(statuses[10:]) == {429}
        assert _check(reporter, bantul_tip.receipt).status_code == 429
    # Blocked guesses did not count: the next minute is a fresh one for everyone on the address.
    with time_machine.travel(NOW + dt.timedelta(seconds=60), tick=False):
        assert _check(reporter, bantul_tip.receipt).url == reverse("reports:status")


def test_a_reporter_who_types_the_code_right_is_never_counted(bantul_tip):
    with time_machine.travel(NOW, tick=False):
        statuses = [_check(Client(), bantul_tip.receipt).status_code for _ in range(15)]
    assert statuses == [302] * 15


def test_guesses_on_one_prefix_are_limited_from_any_address(regions):
    prefix = "ABCD1234"
    with time_machine.travel(NOW, tick=False):
        firsts = [_check(Client(), _guess(prefix), f"192.0.2.{n}").status_code for n in range(5)]
        assert firsts == [200] * 5
        assert _check(Client(), _guess(prefix), "192.0.2.99").status_code == 429
        assert _check(Client(), _guess("ZZZZ9999"), "192.0.2.99").status_code == 200


def test_the_api_counts_failures_only(client, bantul_tip):
    def status(receipt):
        body = json.dumps({"receipt": receipt})
        return client.post("/api/reports/status", body, content_type="application/json")

    with time_machine.travel(NOW, tick=False):
        assert {status(bantul_tip.receipt).status_code for _ in range(12)} == {200}
        assert [status(_guess()).status_code for _ in range(11)][-2:] == [404, 429]
        refused = status(bantul_tip.receipt)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "60"  # the client is told how long to wait


def test_submissions_are_limited_per_client(client, regions, settings):
    from django.test import RequestFactory

    from netral.reports import throttle

    settings.NETRAL_REPORT_RATE_MINUTE = "3/m"
    request = RequestFactory().post("/", REMOTE_ADDR=CARRIER)
    other = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
    with time_machine.travel(NOW, tick=False):
        assert [throttle.limited(request) for _ in range(4)] == [False, False, False, True]
        assert throttle.limited(other) is False


@pytest.mark.django_db(transaction=True)
def test_forty_concurrent_guesses_get_exactly_ten_look_ups():
    import threading

    from django.db import connection, connections
    from django.test import RequestFactory

    from netral.reports import throttle

    if connection.vendor == "sqlite":
        pytest.skip("the test database of SQLite is one in-memory cache: run it on PostgreSQL")
    start, looked_up = threading.Barrier(40), []

    def guess() -> None:
        try:
            start.wait()
            request = RequestFactory().post("/", REMOTE_ADDR=CARRIER)
            looked_up.append(throttle.guess_receipt(request, _guess()) is not None)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert looked_up.count(True) == 10 and len(looked_up) == 40


def test_a_submission_counts_both_windows_in_one_statement(
    regions, settings, django_assert_num_queries
):
    from django.test import RequestFactory

    from netral.reports import throttle

    settings.NETRAL_REPORT_RATE_MINUTE = "100/m"
    settings.NETRAL_REPORT_RATE_HOUR = "2/h"
    request = RequestFactory().post("/", REMOTE_ADDR=CARRIER)
    with time_machine.travel(NOW, tick=False), django_assert_num_queries(1):
        assert throttle.limited(request) is False
    with time_machine.travel(NOW, tick=False):
        assert [throttle.limited(request) for _ in range(2)] == [False, True]  # the hour's limit


def test_the_same_submission_limit_set_twice_is_counted_once(settings, rf):
    from netral.reports import throttle

    settings.NETRAL_REPORT_RATE_MINUTE = settings.NETRAL_REPORT_RATE_HOUR = "2/m"
    request = rf.post("/", REMOTE_ADDR=CARRIER)
    with time_machine.travel(NOW, tick=False):
        assert [throttle.limited(request) for _ in range(3)] == [False, False, True]
