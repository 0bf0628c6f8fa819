"""Settings for `netral monitor classify` alone: no app, no model, the monitoring translations.

Other tools call the detector once per batch, so its start-up counts. The detector reads text
and data files only; loading every app's models and checks (`cli_settings`) cost most of its
start-up (docs/performance.md). Everything else is as in `cli_settings`.
"""

from config.cli_settings import *  # noqa: F403

INSTALLED_APPS: list[str] = []
# With no app installed, Django would not look in the app's own locale directory.
LOCALE_PATHS = [*LOCALE_PATHS, BASE_DIR / "netral" / "monitoring" / "locale"]  # noqa: F405
