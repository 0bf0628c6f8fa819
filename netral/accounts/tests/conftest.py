"""Accounts-only additions to the shared cast: an organisation administrator, TOTP helpers."""

import time

import pytest
from django_otp.oath import TOTP

from netral.accounts import services
from netral.accounts.models import Membership, Organisation
from tests.conftest import PASSWORD


@pytest.fixture
def bantul(regions):
    return services.create_organisation(
        name="Bawaslu Kabupaten Bantul",
        kind=Organisation.Kind.BAWASLU_KABKOTA,
        region_code="34.02",
    )


@pytest.fixture
def bantul_admin(bantul, bawaslu_bantul_officer):
    """Administrator of Bawaslu Kabupaten Bantul, next to its officer from the shared cast."""
    return services.create_staff_user(
        username="admin_bantul",
        password=PASSWORD,
        full_name="Admin Bantul",
        email="admin.bantul@bawaslu.example",
        organisation=bantul,
        role=Membership.Role.ADMIN,
    )


def totp_token(device, offset_steps: int = 0) -> str:
    """The code an authenticator app would show now (or `offset_steps` periods later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def enrolled():
    """Gives a user a confirmed authenticator and backup codes; returns (device, codes)."""

    def enrol(user):
        device = services.start_totp_enrolment(user=user)
        assert services.confirm_totp_device(device=device, token=totp_token(device))
        device.refresh_from_db()
        return device, services.create_backup_codes(user=user)

    return enrol


MIDDLEWARE_PATH = "netral.accounts.middleware.RequireTwoFactorMiddleware"


@pytest.fixture
def two_factor_middleware(settings):
    """Installs the enforcement where settings must place it: right after OTPMiddleware."""
    middleware = [m for m in settings.MIDDLEWARE if m != MIDDLEWARE_PATH]
    middleware.insert(middleware.index("django_otp.middleware.OTPMiddleware") + 1, MIDDLEWARE_PATH)
    settings.MIDDLEWARE = middleware
