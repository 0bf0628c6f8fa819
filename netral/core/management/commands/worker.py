"""`netral worker`: django-tasks-db's `db_worker`, reconnecting after a lost database connection.

Same options as `db_worker` (`--queue-name '*'`, `--interval`, `--batch`, `--max-tasks`, …) but
no `--reload`. Run it under a supervisor all the same (docs/deployment.md): a crash of the
process itself still ends it.
"""

import logging
from typing import Any

from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from netral.core import worker


class Command(db_worker.Command):
    help = "Runs background tasks; survives database restarts and terminated connections."

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        if verbosity <= 1:  # the library says "exiting gracefully" after every batch
            logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
        logging.getLogger("netral.worker").setLevel(logging.INFO if verbosity else logging.ERROR)

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        runner = worker.ResilientWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        runner.configure_signals()
        runner.run()
