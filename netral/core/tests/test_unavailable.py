"""A request whose own database connection is cut answers 503 "try again", never a 500 page.

The cut is made with Django's query hook (`connection.execute_wrapper`), so it happens on the
real query path, in the view or in a middleware, on SQLite and PostgreSQL alike.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


def _cut_after(passed: int, error: Exception) -> Callable[..., Any]:
    """Lets `passed` queries through, then fails every later one as a lost connection would."""
    seen = [0]

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any):
        seen[0] += 1
        if seen[0] > passed:
            raise error
        return execute(sql, params, many, context)

    return wrapper


def _client() -> Client:
    return Client(raise_request_exception=False)


def test_a_page_whose_connection_is_cut_answers_503_with_a_retry_page(regions):
    cut = _cut_after(0, OperationalError("server closed the connection unexpectedly"))
    with connection.execute_wrapper(cut):
        response = _client().get("/registri/wilayah/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "Sedang tidak tersedia" in body and "<html" in body
    assert "Traceback" not in body


def test_the_health_check_answers_503_while_the_database_refuses():
    cut = _cut_after(0, OperationalError("connection refused"))
    with connection.execute_wrapper(cut):
        response = _client().get("/healthz")
    assert response.status_code == 503


@pytest.mark.parametrize("error", [OperationalError("gone"), InterfaceError("already closed")])
def test_an_api_request_whose_connection_is_cut_answers_503_in_the_api_shape(regions, error):
    with connection.execute_wrapper(_cut_after(0, error)):
        response = _client().get("/api/registry/regions/34.02")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["detail"].startswith("Layanan sedang tidak tersedia sebentar")


def test_a_cut_inside_the_middleware_is_503_too(client_for, bawaslu_bantul_officer):
    client = client_for(bawaslu_bantul_officer)
    client.raise_request_exception = False
    # The first query of a signed-in request is the session, read by the middleware.
    with connection.execute_wrapper(_cut_after(0, OperationalError("terminating connection"))):
        response = client.get("/staf/")
    assert response.status_code == 503


def test_other_database_errors_stay_500(regions):
    from django.db import IntegrityError

    with connection.execute_wrapper(_cut_after(0, IntegrityError("a bug, not an outage"))):
        response = _client().get("/registri/wilayah/")
    assert response.status_code == 500
