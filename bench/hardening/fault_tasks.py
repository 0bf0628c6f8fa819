"""The task the fault test enqueues: it does nothing but prove the worker ran it."""

from django.tasks import task


@task
def ping(n: int) -> int:
    return n
