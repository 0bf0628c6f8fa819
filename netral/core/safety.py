"""Start-up checks: production refuses unsafe settings, demo mode generates its own secret."""

import secrets
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
    key = settings["SECRET_KEY"]
    if len(key) < 40 or any(marker in key.lower() for marker in _WEAK_SECRET_MARKERS):
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
    return problems


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
