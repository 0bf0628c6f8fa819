"""The `netral` console command: Django's management commands with Netral's settings."""

import os
import sys

# Commands that touch no database and read no secret: they must run on a bare install.
DATABASE_FREE = {("monitor", "classify"), ("monitor", "evaluate"), ("monitor", "corpus")}


def main() -> None:
    command = tuple(sys.argv[1:3])
    default = "config.cli_settings" if command in DATABASE_FREE else "config.settings"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["netral", *sys.argv[1:]])


if __name__ == "__main__":
    main()
