"""Registry look-ups that every report form makes, kept in each process (decision 0150).

Regions, agencies and elections change rarely (a load command, an import, an election file), but
every submission looks up its region, election and agency, and every form page lists provinces
and elections. Each process keeps what it looked up:

- a write through the registry's services, or any `save()`/`delete()` of those models, clears
  this process's copy and, once its transaction commits, moves a version key in the shared
  Django cache;
- every process reads that key at most once every `CHECK_SECONDS` and clears its copy when it
  moved, so another process sees a change within a few seconds;
- a write whose transaction (or savepoint) is rolled back clears the copy at the next look-up,
  so a row that never existed is not kept;
- whatever happens, nothing is kept longer than `NETRAL_REGISTRY_CACHE_SECONDS` (a shared cache
  that is per process, like `locmem`, cannot carry the version).

Callers get a copy of a cached model instance, never the kept one. The copy is bounded
(`MAX_ENTRIES`, oldest first out), so unknown codes typed by anyone cannot grow it.
"""

import copy
import secrets
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q

from netral.registry.models import Agency, Election, Region
from netral.registry.text import search_key

VERSION_KEY = "netral:registry:version"
CHECK_SECONDS = 5.0
MAX_ENTRIES = 4096


class _PendingWrite:
    """A registry write inside a transaction that has not ended yet.

    Django runs on-commit callbacks after a commit and drops them on a rollback (of the
    transaction or of the savepoint they were registered in) but calls nothing then; so a
    write is known to be rolled back when its callback has neither run nor is still queued.
    """

    def __init__(self, queued_on: Any) -> None:
        self.queued_on = queued_on  # the connection whose transaction holds the write
        self.savepoints = tuple(queued_on.savepoint_ids)  # rolled back with any of these
        self.committed = False

    def on_commit(self) -> None:
        self.committed = True

    def open(self) -> bool:
        return any(entry[1] == self.on_commit for entry in self.queued_on.run_on_commit)

    def rolled_back(self) -> bool:
        return not self.committed and not self.open()


class _Store:
    """One process's copy: key → (value, stored at), the shared version seen, when checked."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: dict[Hashable, tuple[Any, float]] = {}
        self.version: Any = None
        self.checked_at = 0.0
        self.generation = 0  # moves whenever the copy is dropped: pages built from it go too
        self.pending: list[_PendingWrite] = []

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.checked_at = 0.0
            self.generation += 1


_store = _Store()


def _lifetime() -> float:
    # At least a second: the generation divides the clock by it.
    return max(1.0, float(getattr(settings, "NETRAL_REGISTRY_CACHE_SECONDS", 300)))


def _forget_rolled_back_writes() -> None:
    if not _store.pending:
        return
    rolled_back = any(write.rolled_back() for write in _store.pending)
    _store.pending = [write for write in _store.pending if not write.committed and write.open()]
    if rolled_back:
        _store.clear()


def _check_version(now: float) -> None:
    _forget_rolled_back_writes()
    if now - _store.checked_at < CHECK_SECONDS:
        return
    try:
        version = cache.get(VERSION_KEY)
    except Exception:  # a shared cache that fails must not fail a report: keep the lifetime
        version = _store.version
    with _store.lock:
        if version != _store.version:
            _store.entries.clear()
            _store.version = version
            _store.generation += 1
        _store.checked_at = now


def _cached[T](key: Hashable, load: Callable[[], T]) -> T:
    now = time.monotonic()
    _check_version(now)
    found = _store.entries.get(key)
    if found is not None and now - found[1] < _lifetime():
        kept: T = found[0]
        return copy.copy(kept)
    value = load()
    with _store.lock:
        if len(_store.entries) >= MAX_ENTRIES:
            _store.entries.pop(next(iter(_store.entries)), None)
        _store.entries[key] = (value, now)
    return copy.copy(value)


def _bump_version() -> None:
    try:
        cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)
    except Exception:  # the lifetime still bounds what other processes keep
        return


def generation() -> tuple[int, int]:
    """Changes whenever this process's copy is dropped or outlives its lifetime: a key for
    anything built from these look-ups (the report form's page, reports/views/public.py)."""
    now = time.monotonic()
    _check_version(now)
    return _store.generation, int(now // _lifetime())


def invalidate() -> None:
    """The registry changed: forget this process's copy now, and tell the others once the
    change is committed (before that they could only reload the old rows)."""
    _store.clear()
    transaction.on_commit(_bump_version)
    transaction.on_commit(_store.clear)  # what was loaded inside the transaction goes too
    _watch_for_rollback()


def _watch_for_rollback() -> None:
    if not connection.in_atomic_block:
        return
    savepoints = tuple(connection.savepoint_ids)
    if any(
        write.queued_on is connection and write.savepoints == savepoints and write.open()
        for write in _store.pending
    ):
        return  # one watch per savepoint: whatever rolls back the later writes drops it too
    write = _PendingWrite(connection)
    transaction.on_commit(write.on_commit)
    _store.pending.append(write)


def forget() -> None:
    """Forgets this process's copy and the version seen (tests: rows rolled back)."""
    _store.clear()
    _store.version = None
    _store.pending = []


def on_registry_write(**_kwargs: Any) -> None:
    """Signal receiver for `save()` and `delete()` of regions, agencies and elections."""
    invalidate()


def region_by_code(code: str) -> Region | None:
    code = code.strip()
    if not code:
        return None
    return _cached(("region", code), lambda: Region.objects.filter(code=code).first())


def region_options(parent_code: str | None) -> list[tuple[str, str]]:
    """(code, name) of the regions directly below `parent_code`; provinces for None or ""."""

    def load() -> list[tuple[str, str]]:
        if not parent_code:
            rows = Region.objects.filter(level=1)
        else:
            rows = Region.objects.filter(parent__code=parent_code)
        return list(rows.order_by("code").values_list("code", "name"))

    return _cached(("region_children", parent_code or ""), load)


def election_by_code(code: str) -> Election | None:
    code = code.strip()
    if not code:
        return None
    return _cached(("election", code), lambda: Election.objects.filter(code=code).first())


def election_options(region_codes: tuple[str, ...]) -> list[tuple[str, str]]:
    """(code, name) of the national elections and those of these regions, newest first."""

    def load() -> list[tuple[str, str]]:
        scope = Q(region__isnull=True)
        if region_codes:
            scope |= Q(region__code__in=region_codes)
        rows = Election.objects.filter(scope).order_by("-voting_day", "name")
        return list(rows.values_list("code", "name"))

    return _cached(("elections", region_codes), load)


def agency_by_code(code: str) -> Agency | None:
    code = code.strip().upper()
    if not code:
        return None
    return _cached(("agency", code), lambda: Agency.objects.filter(code=code).first())


def agency_by_exact_name(name: str) -> Agency | None:
    """The one agency whose whole name is this text (case and accents ignored), or None when
    none or several are."""
    key = search_key(name)
    if not key:
        return None

    def load() -> Agency | None:
        matches = list(Agency.objects.filter(search_name=key)[:2])
        return matches[0] if len(matches) == 1 else None

    return _cached(("agency_name", key), load)
