"""Netral settings, read from the environment. Every variable is documented in .env.example."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from netral.core import safety
from netral.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# demo: generated secret, console e-mail; production: refuses unsafe settings; development: local.
MODE = env_str("NETRAL_MODE", "production").strip().lower()
safety.check_mode(MODE)
VAR_DIR = Path(env_str("NETRAL_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("NETRAL_DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or safety.generated_secret_key(MODE, VAR_DIR)
# Keys for reporter protection: identity encryption and receipt hashing. Never rotate them
# without re-encrypting: see docs/deployment.md.
NETRAL_IDENTITY_KEY = env_str("NETRAL_IDENTITY_KEY") or safety.generated_secret(
    "NETRAL_IDENTITY_KEY", MODE, VAR_DIR, nbytes=32
)
NETRAL_RECEIPT_KEY = env_str("NETRAL_RECEIPT_KEY") or safety.generated_secret(
    "NETRAL_RECEIPT_KEY", MODE, VAR_DIR, nbytes=32
)
# Keys the hash chain of every timeline; never stored in the database (docs/security.md).
NETRAL_TIMELINE_KEY = env_str("NETRAL_TIMELINE_KEY") or safety.generated_secret(
    "NETRAL_TIMELINE_KEY", MODE, VAR_DIR, nbytes=32
)
ALLOWED_HOSTS = env_list("NETRAL_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("NETRAL_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "axes",
    "netral.core",
    "netral.accounts",
    "netral.registry",
    "netral.rules",
    "netral.reports",
    "netral.cases",
    "netral.monitoring",
    "netral.insights",
    "netral.transparency",
    "netral.prevention",
    "netral.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files come precompressed); compresses only what is BREACH-safe.
    "netral.core.middleware.CompressionMiddleware",
    # Header middleware before the input boundary, so its refusals carry the same headers.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "netral.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "netral.core.middleware.IndonesianFirstLocaleMiddleware",
    # Anonymous repeats of public pages, from the shared cache (decision 0140): after the
    # language is known, before the session, CSRF and the user are read.
    "netral.core.page_cache.PublicPageCacheMiddleware",
    # Before anything reads the session or a view reads input: see docs/security.md.
    "netral.core.middleware.InputBoundaryMiddleware",
    "netral.core.middleware.SlashKeepingMethodMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "netral.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# Every form renders through templates/django/forms/: labels, help and errors tied to the field.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
# The site's public address, for links in e-mails (invitations, reporter updates).
NETRAL_SITE_URL = env_str("NETRAL_SITE_URL")
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "netral.core.context_processors.netral_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'netral.sqlite3'}",
        conn_max_age=env_int("NETRAL_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with the health check skipped for a connection used a moment ago.
    DATABASES["default"]["ENGINE"] = "netral.core.postgresql"
    # No JIT compilation: Netral's queries are short aggregates, whose estimated cost can pass
    # PostgreSQL's JIT threshold while compiling takes longer than running (decision 0131).
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    if "jit" not in _pg_options.get("options", ""):  # a DATABASE_URL's own options stay
        _pg_options["options"] = f"{_pg_options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # a fresh checkout has no var/ yet
    # WAL and a busy timeout let the web server and the worker share one SQLite file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A database cache is shared by every web process on every machine, as rate limits need.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "netral_cache",
        # Public pages are cached per path, query and language (decision 0140): room for them
        # beside the rate limits, which culling the oldest third would otherwise forget.
        "OPTIONS": {"MAX_ENTRIES": env_int("NETRAL_CACHE_MAX_ENTRIES", 5000)},
    }
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# What the task worker finishes on every pass besides the queue: work a request leaves waiting
# in a table of its own, written with its rows, rather than as a task (decision 0185).
NETRAL_WORKER_PASSES = [
    "netral.reports.services.check_pending_duplicates",
    "netral.reports.services.check_pending_evidence",
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
# Staff must confirm a TOTP device; demo mode relaxes this so the demo logins work at once.
NETRAL_REQUIRE_2FA = env_bool("NETRAL_REQUIRE_2FA", MODE == "production")
OTP_TOTP_ISSUER = "Netral"

AXES_VERBOSE = False  # its start-up banner would print before every command
AXES_FAILURE_LIMIT = env_int("NETRAL_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("NETRAL_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind N reverse proxies, lock-outs must key on the client's address, not the proxy's.
AXES_IPWARE_PROXY_COUNT = env_int("NETRAL_PROXY_COUNT", 0) or None
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

SESSION_COOKIE_AGE = env_int("NETRAL_SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
HTTPS = env_bool("NETRAL_HTTPS", MODE == "production")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("NETRAL_SSL_REDIRECT", False)  # usually the proxy's job
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = env_int("NETRAL_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "netral" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("NETRAL_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files are private: the web server never serves MEDIA_ROOT directly.
MEDIA_ROOT = Path(env_str("NETRAL_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = None
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: console in demo/development, SMTP in production (Django 6.1 MAILERS).
EMAIL_BACKEND_NAME = env_str("NETRAL_EMAIL_BACKEND", "console" if MODE != "production" else "smtp")
MAILERS = {"default": safety.mailer(EMAIL_BACKEND_NAME)}
DEFAULT_FROM_EMAIL = env_str("NETRAL_FROM_EMAIL", "Netral <netral@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# No client address or user agent reaches a log (docs/security.md, "Threat model"): axes names
# a client by user name and path only, and the filter rewrites anything that slips through.
AXES_CLIENT_STR_CALLABLE = "netral.core.log_filters.axes_client_str"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_client_details": {"()": "netral.core.log_filters.RedactClientDetails"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["no_client_details"]}},
    "root": {"handlers": ["console"], "level": env_str("NETRAL_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint narrates every step of a PDF at INFO; only its warnings matter here.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# Public reporting channel: evidence limits, drafts and rate limits (docs/reporting.md).
# Public statistics (transparency): counts below the threshold are hidden; pages cached this long.
NETRAL_PUBLIC_MIN_COUNT = max(env_int("NETRAL_PUBLIC_MIN_COUNT", 5), 1)
NETRAL_PUBLIC_CACHE_SECONDS = env_int("NETRAL_PUBLIC_CACHE_SECONDS", 300)
# Public pages for anonymous visitors from the shared cache (decision 0140), and how long a
# browser or a reverse proxy may show one before asking again (ETag / Last-Modified answer 304).
NETRAL_PUBLIC_PAGE_CACHE = env_bool("NETRAL_PUBLIC_PAGE_CACHE", True)
NETRAL_PUBLIC_PAGE_MAX_AGE = env_int("NETRAL_PUBLIC_PAGE_MAX_AGE", 60)
# Seconds a web process serves its own copy before asking the shared cache for a refresh again.
NETRAL_PUBLIC_PAGE_LOCAL_SECONDS = env_int("NETRAL_PUBLIC_PAGE_LOCAL_SECONDS", 1)
# Evaluation figures stored by the refresh task (decision 0100) count live once older than this.
NETRAL_FIGURES_MAX_AGE = env_int("NETRAL_FIGURES_MAX_AGE", 6 * 3600)
# Days an addressee has to answer an independent auditor's recommendation, unless the auditor
# sets another date when filing (decision 0141).
NETRAL_AUDIT_ANSWER_DAYS = env_int("NETRAL_AUDIT_ANSWER_DAYS", 30)
# The public list of imposed open moral sanctions (PP 42/2004): off until a legal review says so.
NETRAL_PUBLIC_OPEN_SANCTIONS = env_bool("NETRAL_PUBLIC_OPEN_SANCTIONS", False)
NETRAL_PUBLIC_OPEN_SANCTION_CODES = env_list("NETRAL_PUBLIC_OPEN_SANCTION_CODES", "PP42-TERBUKA")
NETRAL_EVIDENCE_MAX_BYTES = env_int("NETRAL_EVIDENCE_MAX_MB", 20) * 1024 * 1024
NETRAL_EVIDENCE_MAX_FILES = env_int("NETRAL_EVIDENCE_MAX_FILES", 10)
NETRAL_EVIDENCE_MAX_FILES_PER_REPORT = env_int("NETRAL_EVIDENCE_MAX_FILES_PER_REPORT", 30)
NETRAL_EVIDENCE_MAX_PIXELS = env_int("NETRAL_EVIDENCE_MAX_PIXELS", 64_000_000)
NETRAL_EVIDENCE_STORAGE = env_str("NETRAL_EVIDENCE_STORAGE")
NETRAL_REPORT_DESCRIPTION_MAX = env_int("NETRAL_REPORT_DESCRIPTION_MAX", 10_000)
NETRAL_REPORT_DRAFT_HOURS = env_int("NETRAL_REPORT_DRAFT_HOURS", 2)
NETRAL_INTAKE_RATE_LIMITS = env_bool("NETRAL_INTAKE_RATE_LIMITS", True)
# Failed receipt look-ups, per client and per receipt prefix, in short windows (CGNAT).
NETRAL_RECEIPT_RATE_MINUTE = env_str("NETRAL_RECEIPT_RATE_MINUTE", "10/m")
NETRAL_RECEIPT_RATE_PREFIX = env_str("NETRAL_RECEIPT_RATE_PREFIX", "5/10m")
NETRAL_REPORT_RATE_MINUTE = env_str("NETRAL_REPORT_RATE_MINUTE", "10/m")
NETRAL_REPORT_RATE_HOUR = env_str("NETRAL_REPORT_RATE_HOUR", "100/h")
# Image decoding budget (docs/reporting.md): pixels per request, and per client per minute.
# JPEG pixels count a twelfth (decoded at reduced scale). Past DECODE_PIXELS in one request,
# images are checked for structure only and get no preview.
NETRAL_EVIDENCE_DECODE_PIXELS = env_int("NETRAL_EVIDENCE_DECODE_PIXELS", 12_000_000)
NETRAL_EVIDENCE_PIXELS_PER_REQUEST = env_int("NETRAL_EVIDENCE_PIXELS_PER_REQUEST", 64_000_000)
NETRAL_EVIDENCE_PIXELS_PER_MINUTE = env_str("NETRAL_EVIDENCE_PIXELS_PER_MINUTE", "96000000/m")
# Behind a proxy, rate limits must key on the client's address: name the header Django sees,
# e.g. HTTP_X_FORWARDED_FOR (the proxy must overwrite it, not append to a client's value).
NETRAL_CLIENT_IP_HEADER = env_str("NETRAL_CLIENT_IP_HEADER")

# Monitoring: uploads up to this size are imported while the officer waits; larger ones by the
# worker. Import files and WARC records go to private storage (a dotted Storage class, optional).
# Empty: the linear model shipped in the package; no transformer.
NETRAL_MONITOR_MODEL_DIR = env_str("NETRAL_MONITOR_MODEL_DIR")
NETRAL_MONITOR_TRANSFORMER_DIR = env_str("NETRAL_MONITOR_TRANSFORMER_DIR")
NETRAL_MONITORING_INLINE_BYTES = env_int("NETRAL_MONITORING_INLINE_BYTES", 512 * 1024)
NETRAL_MONITORING_STORAGE = env_str("NETRAL_MONITORING_STORAGE")

# The PPK's follow-up period for a sanction recommendation. No statute fixes it (docs/deadlines.md):
# 14 working days is the default, shown as unverified wherever it is used.
NETRAL_PPK_FOLLOWUP_WORKING_DAYS = env_int("NETRAL_PPK_FOLLOWUP_WORKING_DAYS", 14)

if MODE == "production":
    safety.refuse_unsafe_production(globals())
