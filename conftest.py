# The shared cast of actors lives in tests/conftest.py; importing it here makes it
# available to every app's tests too.
from tests.conftest import *  # noqa: F403
