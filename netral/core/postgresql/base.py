"""Django's PostgreSQL backend, with the connection health check skipped for a busy connection.

With `CONN_HEALTH_CHECKS`, Django sends `SELECT 1` before a request's first query on a kept
connection, so a connection the database dropped while it sat idle (a restart, an idle timeout
in a proxy or firewall) is replaced instead of failing the request. Under load that is one more
round trip for every request, on a connection that answered a moment ago: about a twentieth of
a text report's CPU, the web process's and the database's together (issue 19). This backend
checks only a connection that has not been used for `RECENT_SECONDS`. A connection that breaks
within that second still fails one request, which answers 503 "coba lagi" (nothing is stored,
the reporter tries again) and is then closed by Django, as without health checks.
"""

import time

from django.db.backends.postgresql import base

# How long after its last use a kept connection is trusted without a `SELECT 1`.
RECENT_SECONDS = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    used_at = float("-inf")

    def create_cursor(self, name: str | None = None) -> object:
        self.used_at = time.monotonic()
        return super().create_cursor(name)

    def close_if_health_check_failed(self) -> None:
        if self.connection is not None and time.monotonic() - self.used_at < RECENT_SECONDS:
            self.health_check_done = True
        super().close_if_health_check_failed()
