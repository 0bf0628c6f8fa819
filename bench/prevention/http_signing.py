"""The signing page over HTTP, run by hand (not part of the test suite):

    .venv/bin/python bench/prevention/http_signing.py                  # 3,000 signatures, 16 phones
    .venv/bin/python bench/prevention/http_signing.py --clients 32 --signatures 5000

Creates the PostgreSQL database NETRAL_BENCH_DB (default netral_prev_bench_http), migrates it,
and sets up one agency with SIGNATURES civil servants, an open campaign and a one-time code for
each. Then, under gunicorn with two sync workers on 127.0.0.1:NETRAL_BENCH_PORT (default 8104),
CLIENTS threads act as phones: each loads the signing page once (CSRF cookie), then posts NIP,
code and "I sign" for its share of the staff, one after another, from its own address
(X-Forwarded-For; bench_settings.py), and expects the redirect to the signed page. The floor is
bench/floor/floor_app.py under the same gunicorn: the same clients posting the same form body to
a minimal Django view that parses it and does one INSERT. Prints signatures per second, p95 and
the ratio to the floor; checks that every signature is stored once. Drops the database at the
end. Nothing else is touched.
"""

import argparse
import http.client
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]
import common  # noqa: E402

PG_NAME = common.database("netral_prev_bench_http")
PORT = common.port(8104)
VAR_DIR = Path("/tmp/netral-prev-bench-var")
FLOOR_DIR = common.BENCH / "floor"
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def _set_up(count: int) -> tuple[str, list[tuple[str, str]]]:
    """One agency of `count` staff, a campaign and their codes; returns (campaign id, pairs)."""
    import datetime as dt

    import django

    common.on_path(HERE)
    django.setup()
    from netral.prevention import services
    from netral.registry.models import Agency, CivilServant, Election

    now = dt.datetime.now(tz=dt.UTC)
    agency = Agency.objects.create(code="BENCH", name="Instansi Uji", kind="lembaga")
    CivilServant.objects.bulk_create(
        (
            CivilServant(
                nip=f"198001012005{index:06d}",
                name=f"Pegawai {index}",
                agency=agency,
                unit=f"Unit {index % 50}",
            )
            for index in range(count)
        ),
        batch_size=5000,
    )
    election = Election.objects.create(
        code="bench", name="Pemilihan Uji", kind="bupati", voting_day=dt.date(2024, 11, 27)
    )
    campaign = services.open_campaign(
        agency=agency, election=election, title="Ikrar", text="Ikrar uji.", by=None, now=now
    )
    issued = services.issue_codes(campaign=campaign, unit=None, by=None, now=now)
    from django.db import connections

    connections.close_all()
    return str(campaign.public_id), [(i.civil_servant.nip, i.code) for i in issued]


class Phone(threading.Thread):
    def __init__(self, number: int, path: str, jobs: list[tuple[str, str]], floor: bool) -> None:
        super().__init__(daemon=True)
        self.number, self.path, self.jobs, self.floor = number, path, jobs, floor
        self.latencies: list[float] = []
        self.failures: list[str] = []

    def run(self) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        token = ""
        if not self.floor:
            connection.request("GET", self.path)
            page = connection.getresponse()
            body = page.read()
            token = TOKEN.search(body).group(1).decode()  # type: ignore[union-attr]
            cookie = page.getheader("Set-Cookie", "").split(";")[0]
            headers.update(Cookie=cookie, Referer=f"http://127.0.0.1:{PORT}{self.path}")
        for index, (nip, code) in enumerate(self.jobs):
            address = f"10.{self.number // 250}.{self.number % 250}.{index % 250 + 1}"
            form = {"csrfmiddlewaretoken": token, "nip": nip, "code": code, "agree": "on"}
            started = time.perf_counter()
            connection.request(
                "POST",
                self.path,
                urllib.parse.urlencode(form),
                {**headers, "X-Forwarded-For": address},
            )
            response = connection.getresponse()
            response.read()
            self.latencies.append(time.perf_counter() - started)
            if response.status not in (201, 302):
                self.failures.append(f"{nip}: {response.status}")


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used so far."""
    return sum(common.cpu_seconds(pid) for pid in pids)


def _children(server: subprocess.Popen[bytes]) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def _backends() -> list[int]:
    rows = common.pg("SELECT pid FROM pg_stat_activity WHERE datname = %s", PG_NAME)
    return [row[0] for row in rows]


def _load(
    path: str,
    pairs: list[tuple[str, str]],
    clients: int,
    floor: bool,
    server: subprocess.Popen[bytes],
) -> dict[str, float]:
    phones = [Phone(n, path, pairs[n::clients], floor) for n in range(clients)]
    workers = _children(server)
    before = _cpu_seconds(workers)
    started = time.perf_counter()
    for phone in phones:
        phone.start()
    for phone in phones:
        phone.join()
    seconds = time.perf_counter() - started
    # CPU per signature: the web workers' own accounting over the run; the database backends'
    # whole life (they are opened by this run's first requests and kept, CONN_MAX_AGE).
    web_cpu = _cpu_seconds(workers) - before
    db_cpu = _cpu_seconds(_backends())
    latencies = [x for phone in phones for x in phone.latencies]
    failures = [x for phone in phones for x in phone.failures]
    if failures:
        print(f"  {len(failures)} failed, e.g. {failures[:3]}")
    return {
        "per_second": (len(latencies) - len(failures)) / seconds,
        "p95_ms": 1000 * common.p95(latencies),
        "seconds": seconds,
        "failures": len(failures),
        "web_ms": 1000 * web_cpu / len(pairs),
        "db_ms": 1000 * db_cpu / len(pairs),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signatures", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--threads", type=int, default=0, help="gthread workers: threads each")
    options = parser.parse_args()
    environment = common.env(PG_NAME, VAR_DIR, HERE)
    try:
        with common.served(PG_NAME, VAR_DIR, PORT, HERE) as server:
            if options.threads:
                common.stop(server)
                server = common.gunicorn(PORT, environment, threads=options.threads)
            public_id, pairs = _set_up(options.signatures)
            netral = _load(f"/pencegahan/ikrar/{public_id}/", pairs, options.clients, False, server)
            stored = common.pg("SELECT count(*) FROM prevention_signature", database=PG_NAME)
            common.stop(server)
            floor_env = {
                **environment,
                "DJANGO_SETTINGS_MODULE": "floor_app",
                "PYTHONPATH": str(FLOOR_DIR),
            }
            floor_server = common.gunicorn(PORT, floor_env, threads=options.threads)
            try:
                floor = _load("/api/reports/", pairs, options.clients, True, floor_server)
            finally:
                common.stop(floor_server)
    finally:
        common.drop_database(PG_NAME, VAR_DIR)
    load = os.getloadavg()
    kind = f"gthread x{options.threads}" if options.threads else "sync"
    print(f"{options.signatures:,} signatures, {options.clients} phones, 2 {kind} gunicorn workers")
    print(
        f"  floor (parse the form, one INSERT): {floor['per_second']:7.1f}/s"
        f"  p95 {floor['p95_ms']:6.1f} ms"
    )
    print(
        f"  Netral signing page:                {netral['per_second']:7.1f}/s"
        f"  p95 {netral['p95_ms']:6.1f} ms  stored {stored[0][0]:,}"
    )
    print(
        f"  ratio: throughput {netral['per_second'] / floor['per_second']:.2f} of the floor, "
        f"p95 {netral['p95_ms'] / floor['p95_ms']:.1f}x; target >= 100/s"
    )
    for name, run in (("floor", floor), ("Netral", netral)):
        print(
            f"  CPU per signature, {name}: web workers {run['web_ms']:.2f} ms, "
            f"PostgreSQL backends {run['db_ms']:.2f} ms"
        )
    print(f"  load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    main()
