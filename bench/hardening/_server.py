"""What the hardening benches share: a PostgreSQL database of their own and a gunicorn on it."""

import contextlib
import http.client
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
RECEIPT_KEY = "bench-hardening-receipt-key-0123456789abcdef"


def pg(statement: str, *params: object, database: str = "postgres") -> list[tuple]:
    import psycopg

    with psycopg.connect(PG_SERVER + database, autocommit=True) as connection:
        cursor = connection.execute(statement, params or None)
        return cursor.fetchall() if cursor.description else []


def env(database: str, var_dir: Path) -> dict[str, str]:
    values = dict(os.environ)
    values.update(
        DATABASE_URL=PG_SERVER + database,
        NETRAL_MODE="demo",
        NETRAL_VAR_DIR=str(var_dir),
        NETRAL_RECEIPT_KEY=RECEIPT_KEY,
        # Rate limits off (bench/intake/bench_settings.py): every client is 127.0.0.1.
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join([str(HERE), str(ROOT / "bench" / "intake"), str(ROOT)]),
        NETRAL_LOG_LEVEL="WARNING",
    )
    return values


def netral(
    *args: str, database: str, var_dir: Path, check: bool = True
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "netral"), *args],
        env=env(database, var_dir),
        cwd=ROOT,
        check=check,
        capture_output=True,
        text=True,
    )


def _wait_for(server: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited; is the port taken?")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer on /healthz")


@contextlib.contextmanager
def served(database: str, var_dir: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """A fresh database (regions loaded) behind gunicorn with 2 sync workers; all removed after."""
    os.environ.update(env(database, var_dir))
    var_dir.mkdir(parents=True, exist_ok=True)
    pg(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    pg(f"CREATE DATABASE {database}")
    server = None
    try:
        for command in (["migrate"], ["load-regions"], ["collectstatic", "--no-input"]):
            netral(*command, "--verbosity", "0", database=database, var_dir=var_dir)
        command = [str(BIN / "gunicorn"), "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"]
        server = subprocess.Popen(command, env=env(database, var_dir), cwd=ROOT)
        _wait_for(server, port)
        yield server
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        pg(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        shutil.rmtree(var_dir, ignore_errors=True)
