"""Rate counters: atomic under concurrency, exact for any number of clients, nothing to leak."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test import RequestFactory

from netral.core import ratelimit
from netral.core.models import RateCounter

NOW = dt.datetime(2024, 11, 27, 9, 41, 27, 123456, tzinfo=dt.UTC)
TEN_A_MINUTE = ratelimit.Rate.parse("10/m")


def test_rates_are_read_with_their_period():
    assert ratelimit.Rate.parse("10/m") == ratelimit.Rate(count=10, seconds=60)
    assert ratelimit.Rate.parse("5/10m") == ratelimit.Rate(count=5, seconds=600)
    assert ratelimit.Rate.parse("100/h").seconds == 3600
    with pytest.raises(ValueError, match="not a rate"):
        ratelimit.Rate.parse("ten a minute")


@pytest.mark.django_db
def test_the_counter_counts_within_a_window_and_starts_again_in_the_next():
    counts = [
        ratelimit.hit(scope="t", subject="1.2.3.4", rate=TEN_A_MINUTE, now=NOW) for _ in range(3)
    ]
    assert counts == [1, 2, 3]
    later = NOW + dt.timedelta(minutes=1)
    assert ratelimit.hit(scope="t", subject="1.2.3.4", rate=TEN_A_MINUTE, now=later) == 1
    assert ratelimit.count(scope="t", subject="1.2.3.4", rate=TEN_A_MINUTE, now=NOW) == 3


@pytest.mark.django_db
def test_several_limits_count_in_one_statement():
    hourly = ratelimit.Rate.parse("100/h")
    ratelimit.hit(scope="b", subject="x", rate=hourly, now=NOW)
    limits = [("a", "1.2.3.4", TEN_A_MINUTE), ("b", "x", hourly)]
    assert ratelimit.hit_each(limits, now=NOW) == [1, 2]
    assert ratelimit.hit_each(list(reversed(limits)), now=NOW) == [3, 2]
    assert ratelimit.count(scope="a", subject="1.2.3.4", rate=TEN_A_MINUTE, now=NOW) == 2
    assert ratelimit.hit_each(limits, now=NOW, amount=-1) == [1, 2]  # taken back, one statement


@pytest.mark.django_db
def test_the_table_holds_neither_the_address_nor_a_moment_of_its_own():
    ratelimit.hit(scope="t", subject="127.0.0.1", rate=TEN_A_MINUTE, now=NOW)
    ratelimit.hit(scope="t", subject="10.0.0.7", rate=TEN_A_MINUTE, now=NOW)
    rows = list(RateCounter.objects.all())
    assert all("127.0.0.1" not in row.key and "10.0.0.7" not in row.key for row in rows)
    # Every counter of a limit ends when the aligned window ends: the expiry says nothing about
    # the client (the old cache put crc32(ip) % period into it).
    assert {row.expires_at for row in rows} == {NOW.replace(minute=42, second=0, microsecond=0)}


def test_keys_are_keyed_hashes(settings):
    key = ratelimit._key("t", "127.0.0.1", TEN_A_MINUTE, 0)
    settings.SECRET_KEY = "another-secret-key-that-is-also-long-enough-0123456789"
    assert ratelimit._key("t", "127.0.0.1", TEN_A_MINUTE, 0) != key


@pytest.mark.django_db
def test_one_address_is_still_limited_after_ten_thousand_others():
    for _ in range(10):
        ratelimit.hit(scope="t", subject="203.0.113.9", rate=TEN_A_MINUTE, now=NOW)
    for n in range(10_000):
        ratelimit.hit(
            scope="t",
            subject=f"10.{n // 65536}.{n // 256 % 256}.{n % 256}",
            rate=TEN_A_MINUTE,
            now=NOW,
        )
    assert ratelimit.hit(scope="t", subject="203.0.113.9", rate=TEN_A_MINUTE, now=NOW) == 11
    assert RateCounter.objects.count() == 10_001


@pytest.mark.django_db(transaction=True)
def test_forty_concurrent_hits_against_ten_let_exactly_ten_through():
    if connection.vendor == "sqlite":
        pytest.skip("the test database of SQLite is one in-memory cache: run it on PostgreSQL")
    start = threading.Barrier(40)
    passed: list[bool] = []

    def one_request() -> None:
        try:
            start.wait()
            total = ratelimit.hit(scope="c", subject="198.51.100.1", rate=TEN_A_MINUTE, now=NOW)
            passed.append(total <= TEN_A_MINUTE.count)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_request) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(passed) == 40
    assert passed.count(True) == 10


@pytest.mark.django_db
def test_ended_windows_are_purged():
    ratelimit.hit(scope="t", subject="a", rate=TEN_A_MINUTE, now=NOW)
    ratelimit.hit(scope="t", subject="a", rate=ratelimit.Rate.parse("10/h"), now=NOW)
    assert ratelimit.purge_expired(now=NOW + dt.timedelta(minutes=1)) == 1
    assert RateCounter.objects.count() == 1


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "192.0.2.5"}, "192.0.2.5"),
        ({"REMOTE_ADDR": "2001:db8:1:2:3:4:5:6"}, "2001:db8:1:2::/64"),
        ({"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 192.0.2.9"}, "192.0.2.9"),
    ],
)
def test_the_client_address_comes_from_the_configured_header(settings, meta, expected):
    settings.NETRAL_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = RequestFactory().get("/", **meta)
    assert ratelimit.client_address(request) == expected
