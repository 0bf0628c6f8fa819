"""scripts/pg_ready.py: the PostgreSQL reachability check of scripts/test."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pg_ready.py"
pg_ready = runpy.run_path(str(SCRIPT))


def test_connects_to_the_maintenance_database_whatever_the_test_database_is_called(monkeypatch):
    """`netral_ci` once became `postgres_ci` through a text replacement of `/netral`."""
    import psycopg

    calls = []

    class Connection:
        def close(self):
            pass

    def connect(url, **kwargs):
        calls.append((url, kwargs))
        return Connection()

    monkeypatch.setattr(psycopg, "connect", connect)
    url = "postgres://postgres:secret@db.example:6543/netral_ci?sslmode=disable"
    assert pg_ready["check"](url) is None
    assert calls == [(url, {"dbname": "postgres", "connect_timeout": 3})]


def test_prints_the_drivers_error_when_the_server_does_not_answer():
    # Port 9 (discard) on the loopback: nothing listens there.
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "postgres://postgres@127.0.0.1:9/netral_ci"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 1
    assert "127.0.0.1" in result.stderr and "9" in result.stderr


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs a PostgreSQL server (DATABASE_URL)",
)
def test_a_reachable_server_passes_even_when_the_database_does_not_exist():
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    assert pg_ready["check"](f"{server}/netral_ci_that_does_not_exist") is None
