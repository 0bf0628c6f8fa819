"""The Django admin is for platform administrators only."""

import pytest
from django.test import override_settings

from netral.accounts import services
from netral.accounts.models import Membership, Organisation
from netral.accounts.tests.conftest import totp_token
from tests.conftest import PASSWORD


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("citizen", 302),
        ("bawaslu_bantul_officer", 403),
        ("bawaslu_sleman_officer", 403),
        ("bawaslu_diy_supervisor", 403),
        ("bkn_officer", 403),
        ("ppk_officer", 403),
        ("admin", 200),
    ],
    indirect=["actor"],
)
def test_admin_matrix(actor, status, client_for):
    response = client_for(actor).get("/admin/")
    assert response.status_code == status


@pytest.mark.django_db
def test_visitors_go_through_the_site_login(client):
    response = client.get("/admin/")
    assert response.url.startswith("/admin/login/")
    response = client.get(response.url)
    assert response.url == "/akun/masuk/?next=%2Fadmin%2F"


@pytest.mark.django_db
def test_organisation_admin_is_not_a_platform_admin(client_for, bantul_admin):
    assert client_for(bantul_admin).get("/admin/").status_code == 403


@pytest.mark.django_db
@override_settings(NETRAL_REQUIRE_2FA=True)
def test_in_production_the_admin_needs_a_verified_session(client, admin, enrolled):
    device, _codes = enrolled(admin)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 302  # the two-factor middleware asks for the second step
    assert response["Location"].startswith("/akun/keamanan/verifikasi/")
    client.post("/akun/keamanan/verifikasi/", {"token": totp_token(device, 1)})
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_platform_member_without_superuser_flag_sees_accounts(client, regions):
    platform = services.create_organisation(name="Platform", kind=Organisation.Kind.PLATFORM)
    operator = services.create_staff_user(
        username="operator", password=PASSWORD, organisation=platform, role=Membership.Role.ADMIN
    )
    client.force_login(operator)
    response = client.get("/admin/accounts/user/?q=operator")
    assert response.status_code == 200
    assert "operator" in response.text


@pytest.mark.django_db
def test_admin_lists_and_searches(client_for, admin, bantul_admin):
    client = client_for(admin)
    for url in [
        "/admin/accounts/user/?q=bantul&is_active__exact=1",
        "/admin/accounts/organisation/?kind__exact=bawaslu_kabkota",
        "/admin/accounts/membership/?role__exact=admin",
        "/admin/accounts/accountevent/",
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_admin_deactivation_goes_through_the_service(client_for, admin, bawaslu_bantul_officer):
    client = client_for(admin)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "deactivate", "_selected_action": [bawaslu_bantul_officer.pk]},
    )
    assert response.status_code == 302
    bawaslu_bantul_officer.refresh_from_db()
    assert bawaslu_bantul_officer.is_active is False
    assert bawaslu_bantul_officer.account_events.filter(type="user_deactivated").exists()


@pytest.mark.django_db
def test_admin_creates_organisations_through_the_service(client_for, admin, regions):
    response = client_for(admin).post(
        "/admin/accounts/organisation/add/",
        {
            "name": "Inspektorat Kabupaten Sleman",
            "kind": "inspektorat",
            "region": regions["sleman"].pk,
        },
    )
    assert response.status_code == 302
    created = Organisation.objects.get(name="Inspektorat Kabupaten Sleman")
    assert created.jurisdiction_code == "34.04"
