"""Organisation admins manage members: full pages without JavaScript, fragments with HTMX."""

import pytest

from netral.accounts import services
from netral.accounts.models import AccountEvent, Membership, User

HX = {"HX-Request": "true"}


def page(organisation):
    return f"/akun/organisasi/{organisation.public_id}/"


def member_url(organisation, membership, action):
    return f"{page(organisation)}anggota/{membership.public_id}/{action}/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("citizen", 302),
        ("bawaslu_bantul_officer", 403),
        ("bawaslu_sleman_officer", 404),
        ("bawaslu_diy_supervisor", 404),
        ("bkn_officer", 404),
        ("ppk_officer", 404),
        ("admin", 200),
    ],
    indirect=["actor"],
)
def test_member_page_matrix(actor, status, client_for, bantul):
    assert client_for(actor).get(page(bantul)).status_code == status


@pytest.mark.django_db
def test_organisation_admin_sees_members_and_roles(client_for, bantul_admin, bantul):
    response = client_for(bantul_admin).get(page(bantul))
    assert response.status_code == 200
    assert "Bawaslu Bantul" in response.text  # the officer's full name
    assert "Petugas" in response.text  # the officer's role, in Indonesian
    assert response.text.count('<tr id="member-') == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("citizen", 302),
        ("bawaslu_bantul_officer", 403),
        ("bawaslu_sleman_officer", 404),
        ("admin", 303),
    ],
    indirect=["actor"],
)
def test_invite_matrix(actor, status, client_for, bantul):
    data = {"full_name": "Dewi", "email": "dewi@bawaslu.example", "role": "viewer"}
    response = client_for(actor).post(f"{page(bantul)}undang/", data)
    assert response.status_code == status
    assert User.objects.filter(email="dewi@bawaslu.example").exists() is (status == 303)


@pytest.mark.django_db
def test_invite_without_javascript_redirects_back(client_for, bantul_admin, bantul):
    data = {"full_name": "Dewi Lestari", "email": "dewi@bawaslu.example", "role": "officer"}
    response = client_for(bantul_admin).post(f"{page(bantul)}undang/", data, follow=True)
    assert response.redirect_chain[0] == (page(bantul), 303)
    assert "Dewi Lestari" in response.text
    assert Membership.objects.filter(user__email="dewi@bawaslu.example", role="officer").exists()


@pytest.mark.django_db
def test_invite_with_htmx_returns_only_the_members_fragment(client_for, bantul_admin, bantul):
    data = {"full_name": "Dewi Lestari", "email": "dewi@bawaslu.example", "role": "officer"}
    response = client_for(bantul_admin).post(f"{page(bantul)}undang/", data, headers=HX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="members"')
    assert "<html" not in response.text
    assert "Dewi Lestari" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HX])
def test_invalid_invite_keeps_the_input_and_saves_nothing(
    client_for, bantul_admin, bantul, headers
):
    data = {"full_name": "Dewi Lestari", "email": "bukan-email", "role": "officer"}
    response = client_for(bantul_admin).post(f"{page(bantul)}undang/", data, headers=headers)
    assert response.status_code == 200
    assert 'value="Dewi Lestari"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert not User.objects.filter(full_name="Dewi Lestari").exists()


@pytest.mark.django_db
def test_inviting_a_current_member_is_explained(client_for, bantul_admin, bantul):
    bantul_admin_email = bantul_admin.email
    data = {"full_name": "X", "email": bantul_admin_email, "role": "officer"}
    response = client_for(bantul_admin).post(f"{page(bantul)}undang/", data, headers=HX)
    assert response.context["invite_form"].errors["email"]


@pytest.mark.django_db
def test_role_change_with_htmx_swaps_the_row(
    client_for, bantul_admin, bantul, bawaslu_bantul_officer
):
    membership = bawaslu_bantul_officer.memberships.get()
    url = f"{page(bantul)}anggota/{membership.public_id}/peran/"
    response = client_for(bantul_admin).post(url, {"role": "supervisor"}, headers=HX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<tr id="member-{membership.public_id}"')
    assert 'class="row-status ok"' in response.text
    membership.refresh_from_db()
    assert membership.role == "supervisor"


@pytest.mark.django_db
def test_role_change_without_javascript_redirects(
    client_for, bantul_admin, bantul, bawaslu_bantul_officer
):
    membership = bawaslu_bantul_officer.memberships.get()
    url = f"{page(bantul)}anggota/{membership.public_id}/peran/"
    response = client_for(bantul_admin).post(url, {"role": "viewer"})
    assert (response.status_code, response.url) == (303, page(bantul))


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HX])
def test_last_admin_cannot_demote_themselves(client_for, bantul_admin, bantul, headers):
    membership = bantul_admin.memberships.get()
    url = f"{page(bantul)}anggota/{membership.public_id}/peran/"
    response = client_for(bantul_admin).post(url, {"role": "viewer"}, headers=headers, follow=True)
    assert response.status_code == 200
    assert "administrator" in response.text.lower()
    membership.refresh_from_db()
    assert membership.role == "admin"


@pytest.mark.django_db
def test_invalid_role_is_refused(client_for, bantul_admin, bantul, bawaslu_bantul_officer):
    membership = bawaslu_bantul_officer.memberships.get()
    url = f"{page(bantul)}anggota/{membership.public_id}/peran/"
    response = client_for(bantul_admin).post(url, {"role": "emperor"}, headers=HX)
    assert 'class="row-status error"' in response.text
    membership.refresh_from_db()
    assert membership.role == "officer"


@pytest.mark.django_db
def test_officer_cannot_change_roles(client_for, bantul_admin, bantul, bawaslu_bantul_officer):
    membership = bantul_admin.memberships.get()
    url = f"{page(bantul)}anggota/{membership.public_id}/peran/"
    response = client_for(bawaslu_bantul_officer).post(url, {"role": "viewer"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_removal_asks_first_then_removes(client_for, bantul_admin, bantul, bawaslu_bantul_officer):
    membership = bawaslu_bantul_officer.memberships.get()
    client = client_for(bantul_admin)
    confirm = client.get(member_url(bantul, membership, "hapus"))
    assert confirm.status_code == 200
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = client.post(member_url(bantul, membership, "hapus"))
    assert (response.status_code, response.url) == (303, page(bantul))
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_account_actions(client_for, bantul_admin, bantul, bawaslu_bantul_officer, enrolled):
    membership = bawaslu_bantul_officer.memberships.get()
    client = client_for(bantul_admin)
    client.post(member_url(bantul, membership, "nonaktifkan"))
    assert User.objects.get(pk=bawaslu_bantul_officer.pk).is_active is False
    client.post(member_url(bantul, membership, "aktifkan"))
    assert User.objects.get(pk=bawaslu_bantul_officer.pk).is_active is True
    enrolled(bawaslu_bantul_officer)
    client.post(member_url(bantul, membership, "atur-ulang-dua-langkah"))
    assert not bawaslu_bantul_officer.totpdevice_set.exists()


@pytest.mark.django_db
def test_organisation_admin_cannot_lock_out_a_shared_member(
    client_for, bantul_admin, bantul, bawaslu_bantul_officer, bawaslu_sleman_officer
):
    sleman = bawaslu_sleman_officer.memberships.get().organisation
    services.add_membership(user=bawaslu_bantul_officer, organisation=sleman, role="viewer")
    membership = bawaslu_bantul_officer.memberships.get(organisation=bantul)
    response = client_for(bantul_admin).post(member_url(bantul, membership, "nonaktifkan"))
    assert response.status_code == 403
    assert User.objects.get(pk=bawaslu_bantul_officer.pk).is_active is True


@pytest.mark.django_db
def test_unknown_member_action_is_404(client_for, bantul_admin, bantul, bawaslu_bantul_officer):
    membership = bawaslu_bantul_officer.memberships.get()
    response = client_for(bantul_admin).post(member_url(bantul, membership, "hancurkan"))
    assert response.status_code == 404


@pytest.mark.django_db
def test_refused_action_is_explained_not_500(client_for, admin, bantul, bantul_admin):
    membership = bantul_admin.memberships.get()
    response = client_for(admin).post(member_url(bantul, membership, "hapus"), follow=True)
    assert response.status_code == 200
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.django_db
def test_organisation_status_is_for_platform_admins(client_for, admin, bantul_admin, bantul):
    url = f"{page(bantul)}status/"
    assert client_for(bantul_admin).post(url).status_code == 403
    client = client_for(admin)
    assert client.get(url).status_code == 200
    client.post(url)
    bantul.refresh_from_db()
    assert bantul.is_active is False
    assert AccountEvent.objects.filter(type="organisation_deactivated").exists()


@pytest.mark.django_db
def test_organisation_list_and_search(client_for, admin, bantul, bawaslu_sleman_officer):
    client = client_for(admin)
    response = client.get("/akun/organisasi/")
    assert "Bawaslu Kabupaten Sleman" in response.text
    found = client.get("/akun/organisasi/?q=bantul", headers=HX)
    assert found.text.lstrip().startswith('<div id="results"')
    assert "Bawaslu Kabupaten Bantul" in found.text
    assert "Bawaslu Kabupaten Sleman" not in found.text


@pytest.mark.django_db
def test_organisation_list_shows_only_administered(
    client_for, bantul_admin, bawaslu_sleman_officer
):
    response = client_for(bantul_admin).get("/akun/organisasi/")
    assert "Bawaslu Kabupaten Bantul" in response.text
    assert "Bawaslu Kabupaten Sleman" not in response.text


@pytest.mark.django_db
def test_bad_identifiers_are_404(client_for, bantul_admin):
    client = client_for(bantul_admin)
    assert client.get("/akun/organisasi/not-a-uuid/").status_code == 404
    assert client.get("/akun/organisasi/00000000-0000-0000-0000-000000000000/").status_code == 404
