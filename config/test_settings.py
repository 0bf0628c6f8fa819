"""Test overrides: fast hashing, in-memory e-mail, tasks stored but not run."""

import os

os.environ.setdefault("NETRAL_MODE", "development")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-for-django-checks")
os.environ.setdefault("NETRAL_IDENTITY_KEY", "test-only-identity-key-0123456789abcdef")
os.environ.setdefault("NETRAL_RECEIPT_KEY", "test-only-receipt-key-0123456789abcdef")
os.environ.setdefault("NETRAL_TIMELINE_KEY", "test-only-timeline-key-0123456789abcdef")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
AXES_ENABLED = False  # the throttling tests switch it on where they need it
NETRAL_REQUIRE_2FA = False  # the two-factor tests switch it on where they need it
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}

# var/static exists only after collectstatic; tests serve static files from the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Each test clears the shared cache; a process-local copy of a page would outlive it.
NETRAL_PUBLIC_PAGE_LOCAL_SECONDS = 0
