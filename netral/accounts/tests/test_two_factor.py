"""Two-step verification in the browser: enrolment, verification, and its enforcement."""

import re

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from netral.accounts.tests.conftest import totp_token
from tests.conftest import PASSWORD

require_2fa = override_settings(NETRAL_REQUIRE_2FA=True)
pytestmark = pytest.mark.usefixtures("two_factor_middleware")


def log_in(client, username):
    return client.post("/akun/masuk/", {"username": username, "password": PASSWORD})


@pytest.mark.django_db
@require_2fa
def test_first_login_goes_through_enrolment_with_a_real_code(client, bawaslu_bantul_officer):
    response = log_in(client, "bawaslu_bantul")
    assert response.url == "/staf/"
    response = client.get("/staf/")
    assert response.status_code == 302
    assert response.url.startswith("/akun/keamanan/aplikasi/?next=")

    page = client.get(response.url)
    assert page.status_code == 200
    assert "<svg" in page.text and 'class="qr"' in page.text  # drawn here, no image service
    assert "otpauth" not in page.text.split("<svg")[0]  # the secret is not in a URL/attribute
    secret = re.search(r'class="secret"[^>]*>([A-Z2-7 ]+)<', page.text).group(1)
    device = TOTPDevice.objects.get(user=bawaslu_bantul_officer, confirmed=False)
    assert secret.replace(" ", "") in page.text.replace(" ", "")

    done = client.post(page.request["PATH_INFO"] + "?next=/staf/", {"token": totp_token(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", done.text)
    assert len(codes) == 10
    assert client.get("/staf/").status_code == 200


@pytest.mark.django_db
@require_2fa
def test_a_wrong_first_code_keeps_the_device_unconfirmed(client, bawaslu_bantul_officer):
    client.force_login(bawaslu_bantul_officer)
    client.get("/akun/keamanan/aplikasi/")
    device = TOTPDevice.objects.get(user=bawaslu_bantul_officer)
    wrong = f"{(int(totp_token(device)) + 1) % 1_000_000:06d}"
    response = client.post("/akun/keamanan/aplikasi/", {"token": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get("/staf/").status_code == 302


@pytest.mark.django_db
def test_someone_with_a_device_is_asked_for_a_code_even_when_optional(
    client, bawaslu_bantul_officer, enrolled
):
    device, _codes = enrolled(bawaslu_bantul_officer)
    log_in(client, "bawaslu_bantul")
    response = client.get("/staf/")
    assert response.url == "/akun/keamanan/verifikasi/?next=%2Fstaf%2F"
    wrong = client.post(
        response.url, {"token": "000000" if totp_token(device, 1) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and wrong.context["form"].errors
    # Throttling after a failure is django-otp's; reset it so the right code is judged alone.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    right = client.post(response.url, {"token": totp_token(device, 1)})
    assert right.url == "/staf/"
    assert client.get("/staf/").status_code == 200


@pytest.mark.django_db
def test_login_goes_straight_to_verification_keeping_next(client, bawaslu_bantul_officer, enrolled):
    enrolled(bawaslu_bantul_officer)
    response = client.post(
        "/akun/masuk/?next=/akun/keamanan/", {"username": "bawaslu_bantul", "password": PASSWORD}
    )
    assert response.url == "/akun/keamanan/verifikasi/?next=%2Fakun%2Fkeamanan%2F"


@pytest.mark.django_db
def test_a_backup_code_verifies_a_session(client, bawaslu_bantul_officer, enrolled):
    _device, codes = enrolled(bawaslu_bantul_officer)
    log_in(client, "bawaslu_bantul")
    response = client.post("/akun/keamanan/verifikasi/", {"token": codes[3]})
    assert response.url == "/staf/"
    assert client.get("/staf/").status_code == 200


@pytest.mark.django_db
def test_verification_refuses_to_send_you_elsewhere(client, bawaslu_bantul_officer, enrolled):
    device, _codes = enrolled(bawaslu_bantul_officer)
    log_in(client, "bawaslu_bantul")
    response = client.post(
        "/akun/keamanan/verifikasi/?next=https://evil.example/", {"token": totp_token(device, 1)}
    )
    assert response.url == "/staf/"


@pytest.mark.django_db
def test_password_alone_cannot_replace_the_authenticator(client, bawaslu_bantul_officer, enrolled):
    enrolled(bawaslu_bantul_officer)
    log_in(client, "bawaslu_bantul")
    response = client.get("/akun/keamanan/aplikasi/")
    assert response.url.startswith("/akun/keamanan/verifikasi/")
    assert TOTPDevice.objects.filter(user=bawaslu_bantul_officer).count() == 1


@pytest.mark.django_db
@require_2fa
def test_unverified_session_may_still_log_out_and_switch_language(client, bawaslu_bantul_officer):
    client.force_login(bawaslu_bantul_officer)
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert client.post("/akun/keluar/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@require_2fa
def test_api_answers_403_json_until_verified(client, bawaslu_bantul_officer):
    client.force_login(bawaslu_bantul_officer)
    response = client.get("/api/openapi.json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Verifikasi dua langkah diperlukan."


@pytest.mark.django_db
@require_2fa
def test_htmx_requests_are_redirected_by_htmx(client, bawaslu_bantul_officer):
    client.force_login(bawaslu_bantul_officer)
    response = client.get("/staf/", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith("/akun/keamanan/aplikasi/")


@pytest.mark.django_db
@require_2fa
def test_public_pages_stay_open_to_visitors(client):
    assert client.get("/").status_code == 200
    assert client.get("/akun/masuk/").status_code == 200


@pytest.mark.django_db
def test_without_the_requirement_no_device_means_no_detour(client, bawaslu_bantul_officer):
    client.force_login(bawaslu_bantul_officer)
    assert client.get("/staf/").status_code == 200


@pytest.mark.django_db
def test_security_page_and_new_backup_codes(client, bawaslu_bantul_officer, enrolled):
    device, codes = enrolled(bawaslu_bantul_officer)
    client.force_login(bawaslu_bantul_officer)
    client.post("/akun/keamanan/verifikasi/", {"token": totp_token(device, 1)})
    page = client.get("/akun/keamanan/")
    assert page.status_code == 200 and page.context["backup_codes_left"] == 10
    fresh = client.post("/akun/keamanan/kode-cadangan/")
    new_codes = re.findall(r"<li>([a-z2-7]{8})</li>", fresh.text)
    assert len(new_codes) == 10 and not set(new_codes) & set(codes)


@pytest.mark.django_db
def test_backup_codes_page_needs_a_verified_session(client, bawaslu_bantul_officer):
    client.force_login(bawaslu_bantul_officer)
    response = client.post("/akun/keamanan/kode-cadangan/")
    assert response.url == "/akun/keamanan/"


@pytest.mark.django_db
@require_2fa
def test_a_request_without_a_session_is_let_through_without_looking_up_a_user(client, monkeypatch):
    # No session cookie, nobody signed in: an anonymous report or API call pays for no look-up.
    from django.contrib import auth
    from django.contrib.auth.models import AnonymousUser

    looked_up = []
    monkeypatch.setattr(
        auth, "get_user", lambda request: looked_up.append(request) or AnonymousUser()
    )
    assert client.get("/healthz").status_code == 200
    assert looked_up == []
