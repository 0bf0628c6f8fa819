"""CPU and statements per API text report, in-process, run by hand (not part of the test suite):

    .venv/bin/python bench/intake/cpu.py                 # 300 reports, rate limits off
    .venv/bin/python bench/intake/cpu.py --rate-limits   # each report from its own address

Steadier than the HTTP bench on a shared machine: no server, no load generator, no network.
Creates the PostgreSQL database NETRAL_BENCH_DB (default netral_bench_intake_cpu), migrates it
and loads the regions, posts 50 warm-up reports and then N reports through Django's test client
(the whole middleware stack and the API view), and prints the process's CPU time per report
(`time.process_time`, which includes the client's own small share), wall time per report and
the SQL statements per report as Django counts them (BEGIN and COMMIT are not counted). Drops
the database at the end.
"""

import argparse
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
    args = parser.parse_args()
    common.on_path(HERE)
    try:
        common.fresh_database(PG_NAME, VAR_DIR)
        print(_measure(args.n, args.rate_limits), flush=True)
    finally:
        common.drop_database(PG_NAME, VAR_DIR)


def _measure(count: int, limits: bool) -> str:
    import os

    os.environ.update(common.env(PG_NAME, VAR_DIR, HERE))
    import django

    django.setup()
    import loadgen
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.NETRAL_INTAKE_RATE_LIMITS = limits
    client, rng, statements = Client(HTTP_HOST="127.0.0.1"), random.Random(1), [0]

    def post(number: int) -> None:
        body, content_type = loadgen.multipart(loadgen._fields(rng), None)
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
    with connection.execute_wrapper(counted):
        cpu, wall = time.process_time(), time.perf_counter()
        for number in range(count):
            post(1000 + number)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return (
        f"{count} API text reports, rate limits {'on' if limits else 'off'}: "
        f"CPU {cpu * 1000 / count:.2f} ms, wall {wall * 1000 / count:.2f} ms, "
        f"statements {statements[0] / count:.2f} per report"
    )


if __name__ == "__main__":
    main()
