import pytest
from django.core.exceptions import ImproperlyConfigured

from netral.core import safety
from netral.core.env import env_bool, env_int


def safe_settings(**overrides):
    settings = {
        "SECRET_KEY": "k" * 50,
        "DEBUG": False,
        "ALLOWED_HOSTS": ["netral.example.id"],
        "SESSION_COOKIE_SECURE": True,
        "NETRAL_REQUIRE_2FA": True,
        "NETRAL_TIMELINE_KEY": "t" * 32,
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
        ({"NETRAL_TIMELINE_KEY": "t" * 31}, "NETRAL_TIMELINE_KEY"),
        ({"NETRAL_TIMELINE_KEY": ""}, "NETRAL_TIMELINE_KEY"),
    ],
)
def test_production_refuses_each_unsafe_setting(override, fragment):
    with pytest.raises(ImproperlyConfigured, match=fragment):
        safety.refuse_unsafe_production(safe_settings(**override))


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
