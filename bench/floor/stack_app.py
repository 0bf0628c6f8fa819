"""A second floor for the web worker's memory: the platform's fixed stack with no application.

Django with the contrib apps every Netral page relies on (admin, auth, sessions, messages,
static files), the DB-backed task backend, django-ninja (pydantic), WhiteNoise and django-htmx;
the third-party and Django middleware Netral runs (Django's own locale and common middleware in
place of Netral's subclasses of them) and Indonesian as the language; one API endpoint that
validates the text report's fields with a ninja `Form` schema and does the floor's one INSERT.
`bench/intake/memory.py` and `run.py --stack` measure its worker against `floor_app` (Django and
nothing else) and Netral. What it costs is a lower bound of what Netral pays before its own
code: Netral's own middleware, apps and chosen libraries (django-axes, django-otp, PyNaCl,
PyYAML) are left out.

Settings only; the URL map is `stack_urls` (the admin's URLs can only be imported once the apps
are ready).
"""

import os

import dj_database_url
from django.utils.csp import CSP

SECRET_KEY = "stack-floor-benchmark-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "stack_urls"
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]
SECURE_CSP = {"default-src": [CSP.SELF]}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
LANGUAGE_CODE = "id"
USE_TZ = True
STATIC_URL = "/static/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
