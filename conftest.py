from hypothesis import settings

# The shared cast of actors lives in tests/conftest.py; importing it here makes it
# available to every app's tests too.
from tests.conftest import *  # noqa: F403

# Property tests assert behaviour, never speed: a loaded CI machine must not fail them.
settings.register_profile("netral", deadline=None, print_blob=True)
settings.load_profile("netral")
