import secrets

import pytest
from django.core.exceptions import ImproperlyConfigured

from netral.core import safety
from netral.core.env import env_bool, env_int

# Three keys as `secrets.token_urlsafe` makes them (fixed here so the tests are repeatable).
STRONG_KEY = "q8Zr1VbN-kTw3yPf_Hc6LmXa2JsD9uGe4RiWo7KtEn0BvYz5QhUl"
IDENTITY_KEY = "Xk3vP9qL2mZ8rT5wB7nC1yH6jD4fG0sAeUoIuKa-Rb"
RECEIPT_KEY = "M2nB5vC8xZ1aS4dF7gH0jK3lQ6wE9rT_yU-iOpLkJh"
TIMELINE_KEY = "q7Rw2Lx9Vb4Nc8Mz1Kd5Jf3Hg6Tp0YsEa-UiOo_Pl"


def safe_settings(**overrides):
    settings = {
        "SECRET_KEY": STRONG_KEY,
        "NETRAL_IDENTITY_KEY": IDENTITY_KEY,
        "NETRAL_RECEIPT_KEY": RECEIPT_KEY,
        "DEBUG": False,
        "ALLOWED_HOSTS": ["netral.example.id"],
        "SESSION_COOKIE_SECURE": True,
        "NETRAL_REQUIRE_2FA": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "NETRAL_INTAKE_RATE_LIMITS": True,
        "NETRAL_RECEIPT_RATE_MINUTE": "10/m",
        "NETRAL_REPORT_RATE_HOUR": "100/h",
        "MAILERS": {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}},
        "AXES_FAILURE_LIMIT": 5,
        "SESSION_COOKIE_AGE": 8 * 3600,
        "DATA_UPLOAD_MAX_MEMORY_SIZE": 5 * 1024 * 1024,
        "NETRAL_TIMELINE_KEY": TIMELINE_KEY,
    }
    settings.update(overrides)
    return settings


def test_safe_production_settings_have_no_problems():
    assert safety.production_problems(safe_settings()) == []


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"SECRET_KEY": "change-me" + "x" * 50}, "SECRET_KEY"),
        ({"DEBUG": True}, "NETRAL_DEBUG"),
        ({"ALLOWED_HOSTS": ["*"]}, "NETRAL_ALLOWED_HOSTS"),
        ({"SESSION_COOKIE_SECURE": False}, "NETRAL_HTTPS"),
        ({"NETRAL_REQUIRE_2FA": False}, "NETRAL_REQUIRE_2FA"),
        ({"SECRET_KEY": "ab" * 30}, "SECRET_KEY is too regular|SECRET_KEY is too short"),
        ({"NETRAL_IDENTITY_KEY": "x"}, "NETRAL_IDENTITY_KEY is too short"),
        ({"NETRAL_RECEIPT_KEY": "a" * 64}, "NETRAL_RECEIPT_KEY is too short, too regular"),
        ({"NETRAL_RECEIPT_KEY": "demo-" + RECEIPT_KEY}, "NETRAL_RECEIPT_KEY"),
        ({"NETRAL_RECEIPT_KEY": IDENTITY_KEY}, "NETRAL_IDENTITY_KEY and NETRAL_RECEIPT_KEY"),
        ({"SECURE_HSTS_SECONDS": 0}, "NETRAL_HSTS_SECONDS is 0"),
        ({"SECURE_HSTS_SECONDS": 86400}, "at least a year"),
        ({"NETRAL_INTAKE_RATE_LIMITS": False}, "NETRAL_INTAKE_RATE_LIMITS"),
        ({"NETRAL_REPORT_RATE_HOUR": "100000/h"}, "NETRAL_REPORT_RATE_HOUR"),
        ({"NETRAL_RECEIPT_RATE_MINUTE": "often"}, "NETRAL_RECEIPT_RATE_MINUTE"),
        (
            {"MAILERS": {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}},
            "NETRAL_EMAIL_BACKEND must be smtp",
        ),
        ({"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend"}, "smtp"),
        ({"AXES_FAILURE_LIMIT": 100_000}, "NETRAL_LOGIN_FAILURE_LIMIT"),
        ({"SESSION_COOKIE_AGE": 30 * 24 * 3600}, "NETRAL_SESSION_HOURS"),
        ({"DATA_UPLOAD_MAX_MEMORY_SIZE": 2**31}, "request body limit"),
        ({"NETRAL_TIMELINE_KEY": "t" * 31}, "NETRAL_TIMELINE_KEY"),
        ({"NETRAL_TIMELINE_KEY": ""}, "NETRAL_TIMELINE_KEY"),
    ],
)
def test_production_refuses_each_unsafe_setting(override, fragment):
    with pytest.raises(ImproperlyConfigured, match=fragment):
        safety.refuse_unsafe_production(safe_settings(**override))


def test_every_problem_is_listed_in_one_message():
    weak = safe_settings(
        NETRAL_IDENTITY_KEY="same-for-all-" + "x" * 40,
        NETRAL_RECEIPT_KEY="same-for-all-" + "x" * 40,
        SECURE_HSTS_SECONDS=0,
        AXES_FAILURE_LIMIT=100_000,
    )
    problems = safety.production_problems(weak)
    assert len(problems) == 5  # two weak keys, the same value twice, HSTS, the login limit
    with pytest.raises(ImproperlyConfigured) as refusal:
        safety.refuse_unsafe_production(weak)
    assert all(problem in str(refusal.value) for problem in problems)


def test_generated_keys_pass_the_entropy_estimate():
    for _ in range(20):
        assert safety.estimated_bits(secrets.token_urlsafe(32)) >= 128
    assert safety.estimated_bits("a" * 100) == 0
    assert safety.estimated_bits("ab" * 50) == 100


def test_production_requires_a_secret_key(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is required"):
        safety.generated_secret_key("production", tmp_path)


def test_demo_secret_key_is_generated_once_and_reused(tmp_path):
    first = safety.generated_secret_key("demo", tmp_path)
    assert len(first) >= 50
    assert safety.generated_secret_key("demo", tmp_path) == first


def test_unknown_mode_is_refused():
    with pytest.raises(ImproperlyConfigured, match="NETRAL_MODE"):
        safety.check_mode("prod")


def test_boolean_setting_rejects_typos(monkeypatch):
    monkeypatch.setenv("NETRAL_DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="NETRAL_DEBUG"):
        env_bool("NETRAL_DEBUG")


def test_integer_setting_rejects_words(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "smtp")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        env_int("EMAIL_PORT", 25)
