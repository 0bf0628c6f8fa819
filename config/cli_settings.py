"""Settings for the commands that need no database: `netral monitor classify|evaluate|train|corpus`.

Other tools call the detector on machines where Netral is installed but not configured. These
commands read no secret and write no table, so they run with throw-away keys and an in-memory
database instead of refusing to start for want of production settings.
"""

import os
import secrets

for _name in ("SECRET_KEY", "NETRAL_IDENTITY_KEY", "NETRAL_RECEIPT_KEY", "NETRAL_TIMELINE_KEY"):
    os.environ.setdefault(_name, secrets.token_urlsafe(50))
os.environ.setdefault("NETRAL_MODE", "development")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

from config.settings import *  # noqa: E402,F403

# These commands never serve a page: leaving the admin out spares start-up its autodiscovery,
# which imports every app's admin module (about a third of `monitor classify`'s start-up).
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "django.contrib.admin"]  # noqa: F405
