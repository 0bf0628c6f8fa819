"""Fixed-window rate limits that hold under concurrency and for any number of clients.

Each (limit, subject, window) has one row in `RateCounter`, incremented by a single
`INSERT … ON CONFLICT DO UPDATE … RETURNING` statement, which SQLite (3.35+) and PostgreSQL both
run atomically: forty requests at once against a limit of ten let exactly ten through. Nothing is
culled while it is live (Django's database cache drops entries past 300).

What the table holds leaks nothing about the subject (a client address): the key is an HMAC under
SECRET_KEY, and windows are aligned to the epoch, so every counter of one limit expires at the
same moment. Expired rows are removed by `purge_expired` (run by `netral cleanup_report_drafts`).
"""

import datetime as dt
import ipaddress
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from netral.core.models import RateCounter

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    """At most `count` units per `seconds`, written like "10/m", "5/10m" or "300000000/m"."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        match = _RATE.match(str(text))
        if match is None:
            raise ValueError(f"not a rate: {text!r} (write it like 10/m or 5/10m)")
        count, multiple, unit = match.groups()
        seconds = int(multiple or 1) * _UNITS[unit]
        if seconds <= 0:
            raise ValueError(f"not a rate: {text!r} (the period must be positive)")
        return cls(count=int(count), seconds=seconds)

    def window(self, now: dt.datetime) -> tuple[int, dt.datetime]:
        """The start of the window holding `now` (epoch seconds) and the moment it ends."""
        start = int(now.timestamp()) // self.seconds * self.seconds
        return start, dt.datetime.fromtimestamp(start + self.seconds, tz=dt.UTC)


def client_address(request: HttpRequest) -> str:
    """The client's address as the rate limits see it: IPv6 clients by their /64 network, since
    one device holds a whole /64. Behind a proxy, NETRAL_CLIENT_IP_HEADER names the header the
    proxy sets (its last entry is the one the nearest proxy wrote)."""
    header = getattr(settings, "NETRAL_CLIENT_IP_HEADER", "") or "REMOTE_ADDR"
    raw = str(request.META.get(header, "") or request.META.get("REMOTE_ADDR", ""))
    value = raw.split(",")[-1].strip()
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return value[:64]
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _key(scope: str, subject: str, rate: Rate, start: int) -> str:
    message = f"{scope}\x1f{rate.count}/{rate.seconds}\x1f{start}\x1f{subject}"
    return salted_hmac("netral.core.ratelimit", message, algorithm="sha256").hexdigest()


def _upsert_sql(rows: int = 1) -> str:
    quote = connection.ops.quote_name
    table, key, total, expires = (
        quote(name) for name in (RateCounter._meta.db_table, "key", "count", "expires_at")
    )
    values = ", ".join(["(%s, %s, %s)"] * rows)
    return (
        f"INSERT INTO {table} ({key}, {total}, {expires}) VALUES {values} "  # noqa: S608
        f"ON CONFLICT ({key}) DO UPDATE SET {total} = {table}.{total} + excluded.{total} "
        f"RETURNING {key}, {total}"
    )


def hit(*, scope: str, subject: str, rate: Rate, now: dt.datetime, amount: int = 1) -> int:
    """Adds `amount` to the subject's counter for this window; returns the new total."""
    start, end = rate.window(now)
    # The backend's own format: SQLite compares datetimes as text, so it must match the ORM's.
    expires: Any = connection.ops.adapt_datetimefield_value(end)
    params: list[Any] = [_key(scope, subject, rate, start), amount, expires]
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(), params)
        row = cursor.fetchone()
    return int(row[1])


def hit_each(
    limits: list[tuple[str, str, Rate]], *, now: dt.datetime, amount: int = 1
) -> list[int]:
    """`hit` for several (scope, subject, rate) limits in one statement (one round trip, one
    commit), each by `amount`; the new totals in the same order. Limits naming the same counter
    (two settings given the same rate) count it once: PostgreSQL refuses an upsert touching one
    row twice."""
    keys: list[str] = []
    params: list[Any] = []
    for scope, subject, rate in limits:
        start, end = rate.window(now)
        keys.append(_key(scope, subject, rate, start))
        if keys[-1] not in keys[:-1]:
            params += [keys[-1], amount, connection.ops.adapt_datetimefield_value(end)]
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(len(params) // 3), params)
        totals = {row[0]: int(row[1]) for row in cursor.fetchall()}
    return [totals[key] for key in keys]


type Counter = tuple[str, str, Rate]  # scope, subject, rate


@dataclass(frozen=True)
class Guess:
    """An attempt counted in advance against its limits, so concurrent guesses cannot all pass
    the check at once; `forgive()` takes it back when the attempt proved right, so only failed
    guesses stay counted (a receipt, a signing code)."""

    counters: list[Counter]
    now: dt.datetime

    def forgive(self) -> None:
        if self.counters:
            hit_each(self.counters, now=self.now, amount=-1)  # one statement


def guess(counters: list[Counter], *, now: dt.datetime) -> Guess | None:
    """Counts one attempt against every counter; None (and nothing left counted) while any of
    them has used up its failed guesses."""
    attempt = Guess(counters=counters, now=now)
    if not counters:
        return attempt
    totals = hit_each(counters, now=now)
    if any(total > rate.count for total, (_s, _n, rate) in zip(totals, counters, strict=True)):
        attempt.forgive()  # a refused attempt does not count: the lock ends with the window
        return None
    return attempt


def count(*, scope: str, subject: str, rate: Rate, now: dt.datetime) -> int:
    """The subject's total in this window, without counting anything."""
    start, _end = rate.window(now)
    value = (
        RateCounter.objects.filter(key=_key(scope, subject, rate, start))
        .values_list("count", flat=True)
        .first()
    )
    return int(value or 0)


def purge_expired(*, now: dt.datetime) -> int:
    """Removes the counters of windows that have ended; returns how many went."""
    deleted, _by_model = RateCounter.objects.filter(expires_at__lte=now).delete()
    return deleted
