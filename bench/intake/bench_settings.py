"""Settings for the intake benchmark: the normal settings with the public rate limits off.

The load generator sends every request from 127.0.0.1, which a production limit would stop after
ten reports a minute. Nothing else differs from config.settings.
"""

from config.settings import *  # noqa: F403

NETRAL_INTAKE_RATE_LIMITS = False
