"""Property-based run of the whole JSON API from its own OpenAPI document (schemathesis).

Every operation, anonymous and with a token of each scope, with every schemathesis check: no
server error, every answer as the document says (status, content type, schema), valid input
accepted and invalid input refused. Bounded (`MAX_EXAMPLES` per operation and identity) so the
run takes about a minute per database; raise NETRAL_FUZZ_EXAMPLES for a deeper search by hand.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from netral.accounts.models import Organisation
from netral.cases import services as case_services

# A real case at BKN, so that the fuzzer reaches the workflow and not only the 404 answer.
from netral.cases.tests.conftest import (  # noqa: F401 (fixtures)
    at_bkn,
    bantul_gov,
    disdik_bantul,
    open_case,
    pilkada_bantul,
    servant,
)

MAX_EXAMPLES = int(os.environ.get("NETRAL_FUZZ_EXAMPLES", "12"))
IDENTITIES = {"anonymous": None, "read": ["cases:read"], "act": ["cases:read", "cases:act"]}


# Domain rules the schema cannot state (an unknown deadline rule, a transition the case's state
# does not allow) answer 422 with their reasons; valid input is otherwise accepted.
CONFIG = SchemathesisConfig.from_dict(
    {
        # NUL is refused in every string, ignored extra fields included, which JSON Schema cannot
        # say for those: netral/core/tests/test_boundary.py covers NUL, the fuzzer the rest.
        "generation": {"allow-x00": False},
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]
            }
        },
    }
)
# Read through the app itself, as a client would (the document needs no database).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler(), config=CONFIG)
# A WSGI server always sets the client's address; the test transport does not.
ENVIRON = {"REMOTE_ADDR": "192.0.2.1"}


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Requests here go straight to the WSGI handler, whose request signals would close the test's
    database connection (it is inside the test's transaction); Django's test client disconnects
    the same handler for the same reason. SQLite's in-memory database hid this."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def known_case(at_bkn):  # noqa: F811 (the imported fixture)
    return at_bkn.code


@pytest.fixture
def identities(db, regions, bkn_officer):
    """Authorization headers per identity: none, or a live token with these scopes."""
    headers = {}
    for name, scopes in IDENTITIES.items():
        if scopes is None:
            headers[name] = {}
            continue
        _token, raw = case_services.create_api_token(
            organisation=Organisation.objects.get(kind="bkn"),
            name=f"fuzz {name}",
            scopes=scopes,
            days=1,
            by=None,
            now=timezone.now(),
        )
        headers[name] = {"Authorization": f"Bearer {raw}"}
    return headers


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same cases on every run: CI never fails by chance
)
def test_the_api_keeps_its_published_promises(case, identities, known_case):
    if case.operation.path.startswith("/api/cases/{code}"):
        case.path_parameters["code"] = known_case  # unknown codes are the unit tests' job
    # Schemathesis cannot combine a lazy schema with a parametrized fixture: each case is sent
    # once per identity instead (the failure report names the Authorization header it sent).
    for headers in identities.values():
        # Identity encoding: the WSGI transport hands over the raw body, and API answers are
        # gzipped when asked (decision 0083; tested in netral/core/tests/test_compression.py).
        plain = {**headers, "Accept-Encoding": "identity"}
        case.call_and_validate(headers=plain, environ_base=ENVIRON)
