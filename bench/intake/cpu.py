"""CPU and statements per API text report, in-process, run by hand (not part of the test suite):

    .venv/bin/python bench/intake/cpu.py                 # 300 reports, rate limits off
    .venv/bin/python bench/intake/cpu.py --rate-limits   # each report from its own address
    .venv/bin/python bench/intake/cpu.py --photo         # each report with a 1 MB JPEG

Steadier than the HTTP bench on a shared machine: no server, no load generator, no network.
Creates the PostgreSQL database NETRAL_BENCH_DB (default netral_bench_intake_cpu), migrates it
and loads the regions, posts 50 warm-up reports and then N reports through Django's test client
(the whole middleware stack and the API view), and prints the process's CPU time per report
(`time.process_time`, which includes the client's own small share), wall time per report, the
PostgreSQL backend's CPU per report (from /proc: the database runs on this machine) and the SQL
statements per report as Django counts them (BEGIN and COMMIT are not counted). Drops
the database at the end.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]
import common  # noqa: E402

PG_NAME = common.database("netral_bench_intake_cpu")
VAR_DIR = Path("/tmp/netral-bench-intake-cpu")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="reports measured (after 50 warm-up)")
    parser.add_argument("--rate-limits", action="store_true")
    parser.add_argument("--photo", action="store_true", help="a 1 MB JPEG with each report")
    args = parser.parse_args()
    common.on_path(HERE)
    try:
        common.fresh_database(PG_NAME, VAR_DIR)
        print(_measure(args.n, args.rate_limits, args.photo), flush=True)
    finally:
        common.drop_database(PG_NAME, VAR_DIR)


def _measure(count: int, limits: bool, with_photo: bool) -> str:
    os.environ.update(common.env(PG_NAME, VAR_DIR, HERE))
    import django

    django.setup()
    import loadgen
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.NETRAL_INTAKE_RATE_LIMITS = limits
    client, rng, statements = Client(HTTP_HOST="127.0.0.1"), random.Random(1), [0]
    photo = loadgen.photo_bytes() if with_photo else None

    def post(number: int) -> None:
        body, content_type = loadgen.multipart(loadgen._fields(rng), photo)
        address = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
        response = client.generic(
            "POST", "/api/reports/", body, content_type=content_type, REMOTE_ADDR=address
        )
        if response.status_code != 201:
            raise SystemExit(f"answered {response.status_code}: {response.content[:300]!r}")

    def counted(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        statements[0] += 1
        return execute(sql, params, many, context)

    for number in range(50):
        post(number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    with connection.execute_wrapper(counted):
        cpu, wall, database = time.process_time(), time.perf_counter(), common.cpu_seconds(backend)
        for number in range(count):
            post(1000 + number)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        database = common.cpu_seconds(backend) - database
    return (
        f"{count} API {'photo' if with_photo else 'text'} reports, "
        f"rate limits {'on' if limits else 'off'}: "
        f"CPU {cpu * 1000 / count:.2f} ms, wall {wall * 1000 / count:.2f} ms, "
        f"PostgreSQL CPU {database * 1000 / count:.2f} ms, "
        f"statements {statements[0] / count:.2f} per report"
    )


if __name__ == "__main__":
    main()
