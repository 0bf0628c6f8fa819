"""The PostgreSQL backend checks a kept connection's health only when it has sat idle."""

import pytest
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connection, connections

from netral.core.postgresql import base

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
    # Autocommit, as between requests: Django closes a connection left inside a transaction.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def checks(monkeypatch):
    """Each health check the backend makes; the connection answers it as healthy."""
    made: list[bool] = []
    database = connections[DEFAULT_DB_ALIAS]
    monkeypatch.setattr(database, "is_usable", lambda: made.append(True) or True)
    return made


def _request_with_a_query() -> None:
    close_old_connections()  # what Django does when a request starts
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")


def test_the_settings_use_the_backend():
    assert isinstance(connections[DEFAULT_DB_ALIAS], base.DatabaseWrapper)
    assert connections[DEFAULT_DB_ALIAS].settings_dict["CONN_HEALTH_CHECKS"]


def test_a_connection_used_a_moment_ago_is_not_checked(checks):
    _request_with_a_query()  # however long the connection sat before, it is used now
    checks.clear()
    _request_with_a_query()
    assert checks == []


def test_a_connection_idle_for_longer_is_checked_before_its_first_query(checks, monkeypatch):
    _request_with_a_query()
    checks.clear()
    monkeypatch.setattr(base, "RECENT_SECONDS", 0.0)
    _request_with_a_query()
    assert checks == [True]


def test_an_idle_connection_that_fails_its_check_is_replaced(monkeypatch):
    _request_with_a_query()
    database = connections[DEFAULT_DB_ALIAS]
    dropped = database.connection
    monkeypatch.setattr(base, "RECENT_SECONDS", 0.0)
    monkeypatch.setattr(database, "is_usable", lambda: False)
    _request_with_a_query()
    assert database.connection is not dropped
