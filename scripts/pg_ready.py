"""Exit 0 when the PostgreSQL server of a database URL accepts a connection, else print why.

Used by scripts/test before the PostgreSQL run. The test database itself need not exist (pytest
creates `test_<name>`), so this connects to the maintenance database `postgres` on the same
server, with the same user, password, host, port and options as the URL.
    python scripts/pg_ready.py postgres://postgres@127.0.0.1:5432/netral_ci
"""

import sys

MAINTENANCE_DATABASE = "postgres"


def check(url: str, *, timeout: int = 3) -> str | None:
    """None when the server answers, otherwise the driver's own error message."""
    import psycopg

    try:
        psycopg.connect(url, dbname=MAINTENANCE_DATABASE, connect_timeout=timeout).close()
    except psycopg.Error as exc:
        return str(exc).strip() or type(exc).__name__
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: pg_ready.py DATABASE_URL", file=sys.stderr)
        return 2
    error = check(argv[0])
    if error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
