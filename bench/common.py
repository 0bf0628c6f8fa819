"""What the hand-run benches share: a PostgreSQL database of their own, `netral` commands and
gunicorn on it, worker processes, and the percentile they all report.

Every bench takes its database from NETRAL_BENCH_DB and its port from NETRAL_BENCH_PORT (each
script has its own defaults), so two engineers can run benches side by side. Import it after
putting `bench/` on sys.path (see `on_path`)."""

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

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
BIN = Path(sys.executable).parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
RECEIPT_KEY = "bench-hardening-receipt-key-0123456789abcdef"


def on_path(*folders: Path) -> None:
    """Puts bench folders (their settings and helpers) and the repository on sys.path."""
    sys.path[:0] = [str(folder) for folder in (*folders, BENCH, ROOT)]


def database(default: str) -> str:
    return os.environ.get("NETRAL_BENCH_DB", default)


def port(default: int) -> int:
    return int(os.environ.get("NETRAL_BENCH_PORT", str(default)))


def pg(statement: str, *params: object, database: str = "postgres") -> list[tuple]:
    import psycopg

    with psycopg.connect(PG_SERVER + database, autocommit=True) as connection:
        cursor = connection.execute(statement, params or None)
        return cursor.fetchall() if cursor.description else []


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time one process (a server's worker, a database backend on this
    machine) has used so far, from /proc (Linux); 0 for a process that has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy so far, every core (user, nice, system, irq
    and softirq: not idle, I/O wait or time the hypervisor gave another machine), from
    /proc/stat (Linux)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq = fields[:7]
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int | str = "self") -> float:
    """A process's resident set size (VmRSS) in MB, from /proc (Linux); this one by default."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] if ordered else 0.0


def env(database: str, var_dir: Path, *settings_dirs: Path) -> dict[str, str]:
    """Demo mode on `database` with the public rate limits off (bench/intake/bench_settings.py:
    every client is 127.0.0.1) unless the environment has NETRAL_BENCH_RATE_LIMITS=1."""
    folders = [*settings_dirs, BENCH / "intake", ROOT]
    values = dict(os.environ)
    values.update(
        DATABASE_URL=PG_SERVER + database,
        NETRAL_MODE="demo",
        NETRAL_VAR_DIR=str(var_dir),
        NETRAL_RECEIPT_KEY=RECEIPT_KEY,
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join(str(folder) for folder in folders),
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


def fresh_database(database: str, var_dir: Path) -> None:
    """Drops and re-creates `database`, migrated, with the regions loaded."""
    var_dir.mkdir(parents=True, exist_ok=True)
    pg(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    pg(f"CREATE DATABASE {database}")
    for command in (["migrate"], ["load-regions"], ["collectstatic", "--no-input"]):
        netral(*command, "--verbosity", "0", database=database, var_dir=var_dir)


def drop_database(database: str, var_dir: Path) -> None:
    pg(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    shutil.rmtree(var_dir, ignore_errors=True)


def wait_for(server: subprocess.Popen[bytes], port: int) -> None:
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


def gunicorn(
    port: int,
    environment: dict[str, str],
    wsgi: str = "config.wsgi",
    workers: int = 2,
    threads: int = 0,
) -> subprocess.Popen[bytes]:
    """gunicorn with `workers` sync workers (gthread with `threads`) on 127.0.0.1:`port`,
    started and answering."""
    command = [str(BIN / "gunicorn"), wsgi, "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    # No control socket: by default every gunicorn on the machine shares one path, so another
    # run's reload command could reach (and restart the workers of) this one.
    command += ["--no-control-socket"]
    command += ["--threads", str(threads)] if threads else []
    server = subprocess.Popen(command, env=environment, cwd=ROOT)
    wait_for(server, port)
    return server


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def start_worker(database: str, var_dir: Path, *settings_dirs: Path) -> subprocess.Popen[bytes]:
    """`netral worker` on every queue, polling every 0.2 s, logging to var_dir/worker.log."""
    command = [str(BIN / "netral"), "worker", "--queue-name", "*", "--interval", "0.2"]
    log = open(var_dir / "worker.log", "a")  # noqa: SIM115 (lives as long as the process)
    environment = env(database, var_dir, *settings_dirs)
    return subprocess.Popen(command, env=environment, cwd=ROOT, stdout=log, stderr=log)


def waiting_work(database: str) -> int:
    """Intake work the workers' passes have not done yet: duplicate checks and images (0185)."""
    rows = pg(
        "SELECT (SELECT count(*) FROM reports_pendingduplicatecheck)"
        " + (SELECT count(*) FROM reports_evidence WHERE processing = 'pending')",
        database=database,
    )
    return int(rows[0][0])


def ready_tasks(database: str) -> int:
    rows = pg(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'",
        database=database,
    )
    return int(rows[0][0])


def check_receipts(receipts: list[str]) -> dict[str, int]:
    """Every receipt answered matches a stored report, and every stored report had one (runs in
    this process, on the database of the current environment)."""
    import django

    django.setup()
    from netral.reports import crypto
    from netral.reports.models import Report

    hashes = {crypto.receipt_hash(code) for code in receipts}
    stored = set(Report.objects.values_list("receipt_hash", flat=True))
    return {
        "receipts": len(receipts),
        "reports_stored": len(stored),
        "receipts_without_report": len(hashes - stored),
        "reports_without_receipt": len(stored - hashes),
    }


@contextlib.contextmanager
def served(
    database: str, var_dir: Path, port: int, *settings_dirs: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """A fresh database (regions loaded) behind gunicorn with 2 sync workers; all removed after."""
    os.environ.update(env(database, var_dir, *settings_dirs))
    server = None
    try:
        fresh_database(database, var_dir)
        server = gunicorn(port, env(database, var_dir, *settings_dirs))
        yield server
    finally:
        if server is not None:
            stop(server)
        drop_database(database, var_dir)
