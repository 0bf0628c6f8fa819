"""Fault test: reports keep their receipts while the worker is killed and connections terminated.

    .venv/bin/python bench/hardening/faults.py [--seconds 60] [--clients 8]

On a PostgreSQL database of its own (NETRAL_BENCH_DB, default netral_bench_faults; dropped at the
end; rate limits off) it starts gunicorn (2 sync workers on NETRAL_BENCH_PORT, default 8103) and
`netral worker`, then for `--seconds`: clients post text reports to /api/reports/ and keep
every receipt; a feeder enqueues a small task every 0.2 s; every 2 s all connections to the
database are terminated (`pg_terminate_backend`), and every 15 s the worker is killed with SIGKILL
and started again (the supervisor's part). At the end it checks that every receipt matches a
stored report, that every stored report was answered with a receipt, that the worker started
last is alive and survived every termination since, and that the queue drains (`netral
check-queue`). Prints JSON.
"""

import argparse
import http.client
import json
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]
import common  # noqa: E402

common.on_path(HERE, HERE.parent / "intake")
import loadgen  # noqa: E402

DATABASE = common.database("netral_bench_faults")
PORT = common.port(8103)
VAR_DIR = Path("/tmp/netral-bench-faults")


def _start_worker() -> subprocess.Popen[bytes]:
    return common.start_worker(DATABASE, VAR_DIR, HERE)


class Load:
    """Clients posting reports; every receipt and every status kept."""

    def __init__(self) -> None:
        self.receipts: list[str] = []
        self.statuses: dict[str, int] = {}
        self.lock = threading.Lock()

    def client(self, seed: int, stop: threading.Event) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            body, content_type = loadgen.multipart(loadgen._fields(rng), None)
            try:
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                connection.request("POST", "/api/reports/", body, {"Content-Type": content_type})
                response = connection.getresponse()
                status, payload = str(response.status), response.read()
                connection.close()
            except OSError as problem:
                status, payload = type(problem).__name__, b""
            with self.lock:
                self.statuses[status] = self.statuses.get(status, 0) + 1
                if status == "201":
                    self.receipts.append(json.loads(payload)["receipt"])


def _feed_tasks(stop: threading.Event, counts: dict[str, int]) -> None:
    """Enqueues a small task every 0.2 s from this process, through its own connection."""
    import django

    django.setup()
    import fault_tasks
    from django.db import connections

    while not stop.is_set():
        try:
            fault_tasks.ping.enqueue(counts["enqueued"])
            counts["enqueued"] += 1
        except Exception:  # the feeder's own connection was terminated too: retry
            counts["enqueue_failures"] += 1
            connections.close_all()
        time.sleep(0.2)


def _terminate_connections() -> int:
    rows = common.pg(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()",
        DATABASE,
    )
    return len(rows)


def _faults(seconds: float, clients: int) -> dict:
    load, stop = Load(), threading.Event()
    counts = {"enqueued": 0, "enqueue_failures": 0}
    threads = [threading.Thread(target=load.client, args=(n, stop)) for n in range(clients)]
    threads.append(threading.Thread(target=_feed_tasks, args=(stop, counts)))
    worker = _start_worker()
    kills = terminations = terminated_backends = 0
    worker_deaths_unasked = 0
    for thread in threads:
        thread.start()
    started = last_kill = time.monotonic()
    while time.monotonic() - started < seconds:
        time.sleep(2)
        terminated_backends += _terminate_connections()
        terminations += 1
        if worker.poll() is not None:  # died of a termination: the failure this test is about
            worker_deaths_unasked += 1
            worker = _start_worker()
        if time.monotonic() - last_kill >= 15:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            kills += 1
            worker = _start_worker()
            last_kill = time.monotonic()
    stop.set()
    for thread in threads:
        thread.join()
    drained = _drain(worker)
    result = {
        "seconds": seconds,
        "clients": clients,
        "statuses": load.statuses,
        "terminations": terminations,
        "backends_terminated": terminated_backends,
        "worker_kills": kills,
        "worker_deaths_not_from_kills": worker_deaths_unasked,
        "worker_alive_at_end": worker.poll() is None,
        "tasks_enqueued": counts["enqueued"],
        "enqueue_failures": counts["enqueue_failures"],
        **drained,
        **common.check_receipts(load.receipts),
    }
    worker.send_signal(signal.SIGTERM)
    worker.wait(timeout=30)
    return result


def _drain(worker: subprocess.Popen) -> dict:
    """Waits up to 60 s for the worker to run every ready task, then asks check-queue."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and worker.poll() is None and common.ready_tasks(DATABASE):
        time.sleep(1)
    health = common.netral(
        "check-queue", "--minutes", "2", database=DATABASE, var_dir=VAR_DIR, check=False
    )
    return {
        "tasks_ready_at_end": common.ready_tasks(DATABASE),
        "intake_work_waiting_at_end": common.waiting_work(DATABASE),
        "check_queue": (health.stdout + health.stderr).strip(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    with common.served(DATABASE, VAR_DIR, PORT, HERE):
        print(json.dumps(_faults(args.seconds, args.clients)))


if __name__ == "__main__":
    main()
