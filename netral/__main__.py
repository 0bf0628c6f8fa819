"""The `netral` console command: Django's management commands with Netral's settings."""

import os
import sys

# Commands that touch no database and read no secret: they must run on a bare install.
DATABASE_FREE = {("monitor", "classify"), ("monitor", "evaluate"), ("monitor", "corpus")}
# Of those, the one other tools call per batch starts without loading any app or model: it needs
# settings and translations only (docs/performance.md, start-up).
LEAN = {("monitor", "classify"): "config.classify_settings"}
DEMO_HINT = "For a local trial, run ./scripts/demo or set NETRAL_MODE=demo."


def main() -> None:
    command = tuple(sys.argv[1:3])
    if command in LEAN:
        _run_lean(LEAN[command])
        return
    default = "config.cli_settings" if command in DATABASE_FREE else "config.settings"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default)
    if len(sys.argv) > 1 and sys.argv[1] not in {"help", "--help", "-h", "--version"}:
        _stop_on_missing_settings()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["netral", *sys.argv[1:]])


def _run_lean(settings_module: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    import django

    django.setup(set_prefix=False)  # nothing here resolves a URL
    from netral.monitoring.management.commands.monitor import Command

    Command().run_from_argv(["netral", *sys.argv[1:]])


def _stop_on_missing_settings() -> None:
    """A newcomer without settings gets the one sentence that says what to set, not a traceback."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 (reading a setting loads the settings module)
    except ImproperlyConfigured as exc:
        message = str(exc).strip()
        if "NETRAL_MODE=demo" not in message:
            message = f"{message} {DEMO_HINT}"
        sys.exit(f"netral: {message}")


if __name__ == "__main__":
    main()
