"""Election-day spike: 2 web processes and 2 workers on one PostgreSQL, a burst of 10x the normal
rate for a minute; nothing may be lost and p95 must recover.

    .venv/bin/python bench/intake/spike.py [--rate 4] [--before 30] [--burst 60] [--after 60]

On a database of its own (NETRAL_BENCH_DB, default netral_bench_spike; dropped at the end; rate
limits off) it starts gunicorn with 2 sync workers on NETRAL_BENCH_PORT (default 8110) and two
`netral worker` processes. An open-loop schedule sends text reports to /api/reports/ at `--rate`
per second for `--before` seconds, at 10x that rate for `--burst` seconds, then at `--rate` again
for `--after` seconds; each request is timed from its scheduled moment, so waiting in line counts.
Every answer is a receipt (201), a "coba lagi" answer (429/503, counted) or a failure. At the end
it checks every receipt against the stored reports and prints p95 per phase and per 10 s of the
after-phase (recovery), as JSON.
"""

import argparse
import http.client
import json
import queue
import random
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]
import common  # noqa: E402

common.on_path(HERE)
import loadgen  # noqa: E402

DATABASE = common.database("netral_bench_spike")
PORT = common.port(8110)
VAR_DIR = Path("/tmp/netral-bench-spike")
SENDERS = 64  # enough threads that the schedule, not the senders, sets the rate
RETRY_LATER = {"429", "503"}


class Spike:
    """Scheduled sends, their answers and latencies."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.due: queue.Queue[tuple[float, str] | None] = queue.Queue()
        self.lock = threading.Lock()
        self.receipts: list[str] = []
        self.answers: list[tuple[str, float, str]] = []  # (phase, seconds, status)

    def schedule(self, phases: list[tuple[str, float, float]]) -> None:
        """Puts each request's moment in the queue, phase after phase (name, seconds, rate)."""
        moment = time.monotonic() + 0.5
        for name, seconds, rate in phases:
            end = moment + seconds
            while moment < end:
                self.due.put((moment, name))
                moment += 1 / rate
        for _ in range(SENDERS):
            self.due.put(None)

    def sender(self) -> None:
        while (item := self.due.get()) is not None:
            moment, phase = item
            time.sleep(max(0.0, moment - time.monotonic()))
            with self.lock:
                fields = loadgen._fields(self.rng)
            status, payload = self._post(*loadgen.multipart(fields, None))
            with self.lock:
                self.answers.append((phase, time.monotonic() - moment, status))
                if status == "201":
                    self.receipts.append(json.loads(payload)["receipt"])

    def _post(self, body: bytes, content_type: str) -> tuple[str, bytes]:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            connection.request("POST", "/api/reports/", body, {"Content-Type": content_type})
            response = connection.getresponse()
            answer = str(response.status), response.read()
            connection.close()
            return answer
        except OSError as problem:
            return type(problem).__name__, b""


def _phase_summary(answers: list[tuple[str, float, str]]) -> dict:
    statuses: dict[str, int] = {}
    for _phase, _seconds, status in answers:
        statuses[status] = statuses.get(status, 0) + 1
    latencies = [seconds for _phase, seconds, status in answers if status == "201"]
    return {
        "sent": len(answers),
        "statuses": statuses,
        "p95_ms": round(common.p95(latencies) * 1000, 1),
    }


def _run(rate: float, before: float, burst: float, after: float) -> dict:
    spike = Spike(seed=int(time.time()))
    after_slices = [(f"after_{n * 10}-{n * 10 + 10}s", 10.0, rate) for n in range(int(after // 10))]
    phases = [("before", before, rate), ("burst", burst, rate * 10), *after_slices]
    senders = [threading.Thread(target=spike.sender) for _ in range(SENDERS)]
    for thread in senders:
        thread.start()
    spike.schedule(phases)
    for thread in senders:
        thread.join()
    by_phase = {
        name: _phase_summary([answer for answer in spike.answers if answer[0] == name])
        for name, _seconds, _rate in phases
    }
    failures = sum(
        1 for _phase, _seconds, status in spike.answers if status not in {"201", *RETRY_LATER}
    )
    return {
        "rate_per_second": rate,
        "burst_rate_per_second": rate * 10,
        "phases": by_phase,
        "answers_neither_receipt_nor_retry": failures,
        **common.check_receipts(spike.receipts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=4.0)
    parser.add_argument("--before", type=float, default=30.0)
    parser.add_argument("--burst", type=float, default=60.0)
    parser.add_argument("--after", type=float, default=60.0)
    args = parser.parse_args()
    with common.served(DATABASE, VAR_DIR, PORT, HERE):
        workers = [common.start_worker(DATABASE, VAR_DIR, HERE) for _ in range(2)]
        try:
            result = _run(args.rate, args.before, args.burst, args.after)
            result["tasks_ready_at_end"] = common.ready_tasks(DATABASE)
            result["intake_work_waiting_at_end"] = common.waiting_work(DATABASE)
        finally:
            for worker in workers:
                common.stop(worker)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
