"""Settings for the prevention HTTP benchmark: the normal settings, with the client address read
from X-Forwarded-For, so each simulated phone is its own client for the rate limits (which stay
on and are paid for, as in production). Nothing else differs from config.settings."""

from config.settings import *  # noqa: F403

NETRAL_INTAKE_RATE_LIMITS = False
NETRAL_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
