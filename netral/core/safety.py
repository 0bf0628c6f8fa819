"""Start-up checks: production refuses unsafe settings, demo mode generates its own secret."""

import math
import re
import secrets
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from netral.core.env import env_bool, env_int, env_str

MODES = ("production", "demo", "development")
_WEAK_SECRET_MARKERS = ("insecure", "change-me", "changeme", "secret", "demo")


def check_mode(mode: str) -> None:
    """NETRAL_MODE must be one of the known modes."""
    if mode not in MODES:
        raise ImproperlyConfigured(f"NETRAL_MODE must be one of {', '.join(MODES)}, not {mode!r}.")


def generated_secret_key(mode: str, var_dir: Path) -> str:
    """Outside production a secret key is generated once into var/ and reused after."""
    return generated_secret("SECRET_KEY", mode, var_dir)


def generated_secret(name: str, mode: str, var_dir: Path, nbytes: int = 50) -> str:
    """A secret generated once into var/<name> outside production; production must set it."""
    if mode == "production":
        raise ImproperlyConfigured(
            f"{name} is required in production (or {name}_FILE). "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'. "
            "For a local trial set NETRAL_MODE=demo instead."
        )
    key_file = var_dir / name.lower()
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(nbytes)
    key_file.write_text(key, encoding="utf-8")
    key_file.chmod(0o600)
    return key


def production_problems(settings: dict[str, Any]) -> list[str]:
    """Every reason why these settings are unsafe for production, in plain words."""
    problems = []
    if _fails_first_check(settings["SECRET_KEY"]):
        problems.append(
            "SECRET_KEY is too short or looks like a placeholder (use 50 random characters)."
        )
    if len(str(settings.get("NETRAL_TIMELINE_KEY", ""))) < 32:
        problems.append("NETRAL_TIMELINE_KEY is too short (use at least 32 random characters).")
    if settings["DEBUG"]:
        problems.append("NETRAL_DEBUG must be false: debug pages leak personal data.")
    if not settings["ALLOWED_HOSTS"] or "*" in settings["ALLOWED_HOSTS"]:
        problems.append("NETRAL_ALLOWED_HOSTS must list the site's host names, not '*'.")
    if not settings["SESSION_COOKIE_SECURE"]:
        problems.append("NETRAL_HTTPS must be true: session cookies would travel unencrypted.")
    if not settings["NETRAL_REQUIRE_2FA"]:
        problems.append("NETRAL_REQUIRE_2FA must be true: staff handle protected identities.")
    problems += secret_problems(settings)
    problems += hardening_problems(settings)
    return problems


# Each secret, the shortest length accepted, and what it protects. A generated key
# (`secrets.token_urlsafe(32)`, 43 characters) passes easily; a word or a repeated pattern does not.
_SECRETS = {
    "SECRET_KEY": (50, "sessions, CSRF and password-reset links"),
    "NETRAL_IDENTITY_KEY": (32, "the encryption of reporters' identities"),
    "NETRAL_RECEIPT_KEY": (32, "the hashes of report receipts"),
}
_MIN_SECRET_BITS = 128


def estimated_bits(value: str) -> float:
    """A rough upper bound of a secret's entropy: its length times the Shannon entropy of its
    characters. It catches "aaaa…", "abcabc…" and short words; it cannot prove randomness."""
    if not value:
        return 0.0
    counts = Counter(value)
    per_char = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return per_char * len(value)


def secret_problems(settings: dict[str, Any]) -> list[str]:
    """Secrets that are short, guessable, or the same as another secret."""
    present = {name: str(settings[name]) for name in _SECRETS if settings.get(name)}
    problems = []
    for name, value in present.items():
        if name == "SECRET_KEY" and _fails_first_check(value):
            continue  # already reported by production_problems
        min_length, protects = _SECRETS[name]
        if _is_weak(value, min_length):
            problems.append(
                f"{name} is too short, too regular or a placeholder: it protects {protects}. "
                f"Use at least {min_length} random characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
            )
    for (first, a), (second, b) in combinations(present.items(), 2):
        if a == b:
            problems.append(
                f"{first} and {second} have the same value: each secret must be its own, "
                "so that one leaked key does not give away the other."
            )
    return problems


def _fails_first_check(key: str) -> bool:
    return len(key) < 40 or _looks_like_placeholder(key)


def _is_weak(value: str, min_length: int) -> bool:
    too_regular = estimated_bits(value) < _MIN_SECRET_BITS
    return len(value) < min_length or too_regular or _looks_like_placeholder(value)


def _looks_like_placeholder(value: str) -> bool:
    return any(marker in value.lower() for marker in _WEAK_SECRET_MARKERS)


_ONE_YEAR = 365 * 24 * 3600
# E-mail backends that keep or print messages instead of sending them: a reporter's address in
# a log, or a notification that never leaves.
_NON_SENDING_MAIL = ("console", "filebased", "locmem", "dummy")
# (setting, lowest sensible, highest sensible, what it is). Outside the range it is a typo or
# a protection switched off in disguise.
_LIMITS = (
    ("AXES_FAILURE_LIMIT", 3, 20, "NETRAL_LOGIN_FAILURE_LIMIT (failed logins before a lock-out)"),
    ("SESSION_COOKIE_AGE", 15 * 60, 24 * 3600, "NETRAL_SESSION_HOURS (staff session length)"),
    ("NETRAL_EVIDENCE_MAX_BYTES", 1024 * 1024, 200 * 1024 * 1024, "NETRAL_EVIDENCE_MAX_MB"),
    ("NETRAL_EVIDENCE_MAX_FILES", 1, 50, "NETRAL_EVIDENCE_MAX_FILES (files per submission)"),
    ("NETRAL_EVIDENCE_MAX_PIXELS", 1_000_000, 100_000_000, "NETRAL_EVIDENCE_MAX_PIXELS"),
    ("DATA_UPLOAD_MAX_MEMORY_SIZE", 64 * 1024, 50 * 1024 * 1024, "the request body limit"),
)
# The most requests an intake rate limit may allow per hour before it limits nothing.
_MAX_RATE_PER_HOUR = 1000
_RATE = re.compile(r"^(\d+)/(\d*)([smhd])$")
_RATE_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def hardening_problems(settings: dict[str, Any]) -> list[str]:
    """HSTS, rate limits, e-mail and limits that production must not weaken."""
    problems = []
    hsts = settings.get("SECURE_HSTS_SECONDS", 0)
    if hsts < _ONE_YEAR:
        problems.append(
            f"NETRAL_HSTS_SECONDS is {hsts}: browsers must keep to HTTPS for at least a year "
            f"({_ONE_YEAR})."
        )
    if not settings.get("NETRAL_INTAKE_RATE_LIMITS", True):
        problems.append("NETRAL_INTAKE_RATE_LIMITS must be true: public intake must be throttled.")
    problems += _rate_problems(settings)
    problems += _mail_problems(settings)
    for name, low, high, meaning in _LIMITS:
        value = settings.get(name)
        if value is not None and not low <= value <= high:
            problems.append(f"{meaning} is {value}: it must lie between {low} and {high}.")
    return problems


def _rate_problems(settings: dict[str, Any]) -> list[str]:
    problems = []
    for name, value in settings.items():
        if not (name.startswith("NETRAL_") and "_RATE_" in name and isinstance(value, str)):
            continue
        per_hour = _per_hour(value)
        if per_hour is None or per_hour > _MAX_RATE_PER_HOUR:
            problems.append(
                f"{name} is {value!r}: give a rate such as '10/m' allowing at most "
                f"{_MAX_RATE_PER_HOUR} requests an hour."
            )
    return problems


def _per_hour(rate: str) -> float | None:
    match = _RATE.match(rate.strip())
    if match is None:
        return None
    count, multiple, unit = match.groups()
    seconds = int(multiple or 1) * _RATE_UNIT_SECONDS[unit]
    return int(count) * 3600 / seconds if seconds else None


def _mail_problems(settings: dict[str, Any]) -> list[str]:
    backends = [str(settings.get("EMAIL_BACKEND", ""))]
    backends += [str(m.get("BACKEND", "")) for m in settings.get("MAILERS", {}).values()]
    if any(marker in backend for backend in backends for marker in _NON_SENDING_MAIL):
        return [
            "NETRAL_EMAIL_BACKEND must be smtp in production: the console and file back-ends "
            "write reporters' addresses and case mail into logs and files instead of sending it."
        ]
    return []


def refuse_unsafe_production(settings: dict[str, Any]) -> None:
    """Stop at start-up, listing every unsafe production setting at once."""
    problems = production_problems(settings)
    if problems:
        lines = "\n  - ".join(problems)
        raise ImproperlyConfigured(
            "Netral refuses to start in production with unsafe settings:\n  - " + lines
        )


_MAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}


def mailer(name: str) -> dict[str, Any]:
    """The default mailer from NETRAL_EMAIL_BACKEND and the EMAIL_* variables."""
    if name not in _MAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"NETRAL_EMAIL_BACKEND must be one of {', '.join(_MAIL_BACKENDS)}, not {name!r}."
        )
    config: dict[str, Any] = {"BACKEND": _MAIL_BACKENDS[name]}
    if name == "smtp":
        config["OPTIONS"] = {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 587),
            "username": env_str("EMAIL_HOST_USER") or None,
            "password": env_str("EMAIL_HOST_PASSWORD") or None,
            "use_tls": env_bool("EMAIL_USE_TLS", True),
        }
    return config
