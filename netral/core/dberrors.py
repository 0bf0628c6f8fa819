"""Database failures that are the connection's, not the query's: one owner for the rule that a
web request answers them with "try again" (503) and a worker pass leaves them to the worker's
reconnect instead of logging and going on."""

from django.db import InterfaceError, OperationalError, transaction

# The connection was cut or refused: the service is briefly unavailable, not broken. An
# IntegrityError or a programming error is not among them.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def ends_the_pass(error: BaseException) -> bool:
    """True when a worker pass must stop and raise `error` for the reconnect: the connection is
    gone, or the transaction it was in can no longer be used (a savepoint that could not be
    undone). Anything else is one item's failure, to log and go past."""
    return isinstance(error, DATABASE_UNAVAILABLE) or transaction.get_connection().needs_rollback
