"""Settings for the insights benchmark: the normal settings, static files served from the finders
(no collectstatic needed), tasks stored but not run, mail kept in memory."""

from config.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
