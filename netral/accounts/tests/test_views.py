"""Signing in and out, passwords and login throttling, as a browser sees them."""

import pytest
from django.core import mail
from django.test import override_settings

from netral.accounts.models import AccountEvent
from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_login_page_speaks_indonesian(client):
    response = client.get("/akun/masuk/")
    assert response.status_code == 200
    assert "Masuk Petugas" in response.text
    assert 'autocomplete="current-password"' in response.text


@pytest.mark.django_db
def test_login_leads_to_the_staff_home(client, bawaslu_bantul_officer):
    response = client.post("/akun/masuk/", {"username": "bawaslu_bantul", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/staf/"


@pytest.mark.django_db
def test_login_keeps_a_local_next_and_drops_a_foreign_one(client, bawaslu_bantul_officer):
    data = {"username": "bawaslu_bantul", "password": PASSWORD}
    response = client.post("/akun/masuk/?next=/akun/keamanan/", data)
    assert response.url == "/akun/keamanan/"
    client.logout()
    response = client.post("/akun/masuk/?next=https://evil.example/", data)
    assert response.url == "/staf/"


@pytest.mark.django_db
def test_wrong_password_is_explained_and_nothing_else_leaks(client, bawaslu_bantul_officer):
    response = client.post("/akun/masuk/", {"username": "bawaslu_bantul", "password": "salah"})
    assert response.status_code == 200
    assert "salah" in response.text.lower()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_by_get_asks_and_by_post_signs_out(client, bawaslu_bantul_officer):
    client.force_login(bawaslu_bantul_officer)
    response = client.get("/akun/keluar/")
    assert response.status_code == 200
    assert "_auth_user_id" in client.session
    response = client.post("/akun/keluar/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_by_get_when_signed_out_goes_home(client):
    assert client.get("/akun/keluar/").url == "/"


@pytest.mark.django_db
def test_password_change_keeps_this_session(client, bawaslu_bantul_officer):
    client.force_login(bawaslu_bantul_officer)
    new = "kata-sandi-baru-yang-panjang"
    response = client.post(
        "/akun/kata-sandi/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert client.get("/staf/").status_code == 200
    bawaslu_bantul_officer.refresh_from_db()
    assert bawaslu_bantul_officer.check_password(new)
    assert AccountEvent.objects.filter(type=AccountEvent.Type.PASSWORD_CHANGED).exists()


@pytest.mark.django_db
def test_password_change_refuses_a_weak_password_with_a_translated_reason(
    client, bawaslu_bantul_officer
):
    client.force_login(bawaslu_bantul_officer)
    response = client.post(
        "/akun/kata-sandi/",
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )
    assert response.status_code == 200
    assert "terlalu pendek" in response.text
    bawaslu_bantul_officer.refresh_from_db()
    assert bawaslu_bantul_officer.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_change_needs_login(client):
    response = client.get("/akun/kata-sandi/")
    assert response.status_code == 302
    assert response.url.startswith("/akun/masuk/")


@pytest.mark.django_db
def test_password_reset_sends_a_link_that_sets_the_password(client, bawaslu_bantul_officer):
    bawaslu_bantul_officer.email = "bantul@bawaslu.example"
    bawaslu_bantul_officer.save()
    response = client.post("/akun/kata-sandi/lupa/", {"email": "bantul@bawaslu.example"})
    assert response.url == "/akun/kata-sandi/lupa/terkirim/"
    [message] = mail.outbox
    link = next(line for line in message.body.splitlines() if "/akun/kata-sandi/atur/" in line)
    path = link[link.index("/akun/") :]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"] is True
    new = "sandi-pemulihan-panjang-99"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.url == "/akun/kata-sandi/atur/selesai/"
    bawaslu_bantul_officer.refresh_from_db()
    assert bawaslu_bantul_officer.check_password(new)


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_an_unknown_address(client):
    response = client.post("/akun/kata-sandi/lupa/", {"email": "nobody@example.id"})
    assert response.url == "/akun/kata-sandi/lupa/terkirim/"
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_used_or_forged_reset_link_says_so(client):
    response = client.get("/akun/kata-sandi/atur/MQ/forged-token/")
    assert response.status_code == 200
    assert response.context["validlink"] is False


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_five_failed_logins_lock_the_account_with_a_translated_page(client, bawaslu_bantul_officer):
    for _attempt in range(4):
        response = client.post("/akun/masuk/", {"username": "bawaslu_bantul", "password": "x"})
        assert response.status_code == 200
    response = client.post("/akun/masuk/", {"username": "bawaslu_bantul", "password": "x"})
    assert response.status_code == 429
    # Even the right password is refused while the lock lasts.
    response = client.post("/akun/masuk/", {"username": "bawaslu_bantul", "password": PASSWORD})
    assert response.status_code == 429
    assert "Terlalu banyak" in response.text
    assert "_auth_user_id" not in client.session
    template_names = [t.name for t in response.templates]
    assert "accounts/locked_out.html" in template_names


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_lock_is_per_user_name(client, bawaslu_bantul_officer, bawaslu_sleman_officer):
    for _attempt in range(5):
        client.post("/akun/masuk/", {"username": "bawaslu_bantul", "password": "x"})
    response = client.post("/akun/masuk/", {"username": "bawaslu_sleman", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_language_switch_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/akun/masuk/"})
    assert response.status_code == 302
    page = client.get("/akun/masuk/")
    assert 'lang="en"' in page.text
    assert "Staff login" in page.text


@pytest.mark.django_db
def test_staff_menu_shows_incoming_reports_only_to_bawaslu(client_for, bawaslu_bantul_officer):
    from netral.accounts.templatetags.netral_nav import navigation

    request = client_for(bawaslu_bantul_officer).get("/staf/").wsgi_request
    urls = [link["url"] for link in navigation({"request": request})]
    assert "/lapor/staf/" in urls


@pytest.mark.django_db
def test_staff_menu_hides_incoming_reports_from_bkn(client_for, bkn_officer):
    from netral.accounts.templatetags.netral_nav import navigation

    request = client_for(bkn_officer).get("/staf/").wsgi_request
    urls = [link["url"] for link in navigation({"request": request})]
    assert "/kasus/" in urls
    assert "/lapor/staf/" not in urls
