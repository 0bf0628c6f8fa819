"""Settings for the intake benchmark: the normal settings, the public rate limits off unless
NETRAL_BENCH_RATE_LIMITS=1.

Without them, the load generator sends every request from 127.0.0.1, which a production limit
would stop after ten reports a minute. With them (`run.py --rate-limits`), the limits are on as
in production behind a proxy: the client address comes from X-Forwarded-For
(NETRAL_CLIENT_IP_HEADER), and the load generator sends each report from one of many addresses.
Nothing else differs from config.settings.
"""

import os

from config.settings import *  # noqa: F403

NETRAL_INTAKE_RATE_LIMITS = os.environ.get("NETRAL_BENCH_RATE_LIMITS") == "1"
