"""Accounts use-cases: members, roles, deactivation, passwords and two-step verification."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.tasks import default_task_backend

from netral.accounts import services, tasks
from netral.accounts.models import AccountEvent, Membership, Organisation, User
from netral.accounts.tests.conftest import totp_token
from tests.conftest import PASSWORD

SITE = "https://netral.example.id/"


@pytest.fixture(autouse=True)
def empty_task_queue():
    default_task_backend.clear()
    yield
    default_task_backend.clear()


def events(type):
    return AccountEvent.objects.filter(type=type)


def invite(organisation, by, email="siti@bawaslu.example", role=Membership.Role.OFFICER):
    return services.invite_member(
        organisation=organisation,
        email=email,
        full_name="Siti Rahma",
        role=role,
        by=by,
        site_url=SITE,
        language="id",
    )


# --- invitations ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_invite_creates_account_without_password_and_queues_the_mail(
    bantul, bantul_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = invite(bantul, bantul_admin, email="Siti@Bawaslu.Example")
    user = membership.user
    assert user.email == "siti@bawaslu.example"
    assert user.has_usable_password() is False
    assert membership.role == Membership.Role.OFFICER
    assert events(AccountEvent.Type.MEMBER_INVITED).get().actor == bantul_admin
    assert events(AccountEvent.Type.MEMBER_ADDED).filter(subject=user).exists()
    [queued] = default_task_backend.results
    assert queued.task.name == tasks.send_invitation.name
    assert queued.kwargs["user_id"] == user.pk
    assert queued.kwargs["site_url"] == SITE


@pytest.mark.django_db
def test_invite_queues_nothing_when_the_transaction_fails(bantul, bantul_admin):
    invite(bantul, bantul_admin)  # on_commit never fires inside the test transaction
    assert default_task_backend.results == []


@pytest.mark.django_db
def test_invite_adds_an_existing_account_without_a_new_password(
    bantul, bantul_admin, bawaslu_sleman_officer, django_capture_on_commit_callbacks
):
    bawaslu_sleman_officer.email = "sleman@bawaslu.example"
    bawaslu_sleman_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        membership = invite(bantul, bantul_admin, email="SLEMAN@bawaslu.example")
    assert membership.user == bawaslu_sleman_officer
    assert bawaslu_sleman_officer.memberships.count() == 2
    assert default_task_backend.results == []


@pytest.mark.django_db
def test_invite_refuses_a_current_member_and_a_bad_role(bantul, bantul_admin):
    invite(bantul, bantul_admin)
    with pytest.raises(ValidationError, match="sudah menjadi anggota"):
        invite(bantul, bantul_admin)
    with pytest.raises(ValidationError):
        invite(bantul, bantul_admin, email="new@x.example", role="emperor")
    assert not User.objects.filter(email="new@x.example").exists()


@pytest.mark.django_db
def test_invitation_mail_carries_a_working_password_link(client, bantul, bantul_admin):
    user = invite(bantul, bantul_admin).user
    tasks.send_invitation.call(
        user_id=user.pk, organisation_id=bantul.pk, site_url=SITE, language="id"
    )
    [message] = mail.outbox
    assert message.to == ["siti@bawaslu.example"]
    assert "Bawaslu Kabupaten Bantul" in message.subject
    link = next(line for line in message.body.splitlines() if line.startswith(SITE))
    assert "kata sandi" in message.body.lower()
    response = client.get(link.removeprefix(SITE.rstrip("/")), follow=True)
    assert response.context["validlink"] is True


@pytest.mark.django_db
def test_resend_invitation_only_for_someone_without_a_password(
    bantul, bantul_admin, bawaslu_bantul_officer, django_capture_on_commit_callbacks
):
    membership = invite(bantul, bantul_admin)
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.resend_invitation(membership=membership, by=bantul_admin, site_url=SITE)
    assert len(default_task_backend.results) == 1
    officer = bawaslu_bantul_officer.memberships.get()
    with pytest.raises(ValidationError):
        services.resend_invitation(membership=officer, by=bantul_admin, site_url=SITE)


# --- roles and removal ----------------------------------------------------------------------


@pytest.mark.django_db
def test_change_role_records_old_and_new(bantul_admin, bawaslu_bantul_officer):
    membership = bawaslu_bantul_officer.memberships.get()
    services.change_role(membership=membership, role=Membership.Role.SUPERVISOR, by=bantul_admin)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.SUPERVISOR
    event = events(AccountEvent.Type.ROLE_CHANGED).get(subject=bawaslu_bantul_officer)
    assert event.payload == {"role": "supervisor", "previous_role": "officer"}
    assert event.actor == bantul_admin


@pytest.mark.django_db
def test_the_last_administrator_cannot_be_demoted_or_removed(bantul_admin, admin):
    membership = bantul_admin.memberships.get()
    with pytest.raises(ValidationError, match="satu administrator aktif"):
        services.change_role(membership=membership, role=Membership.Role.OFFICER, by=admin)
    with pytest.raises(ValidationError):
        services.remove_member(membership=membership, by=admin)
    membership.refresh_from_db()
    assert membership.role == Membership.Role.ADMIN


@pytest.mark.django_db
def test_an_administrator_can_step_down_once_another_exists(
    bantul_admin, bawaslu_bantul_officer, admin
):
    officer = bawaslu_bantul_officer.memberships.get()
    services.change_role(membership=officer, role=Membership.Role.ADMIN, by=bantul_admin)
    mine = bantul_admin.memberships.get()
    services.change_role(membership=mine, role=Membership.Role.VIEWER, by=bantul_admin)
    assert bantul_admin.memberships.get().role == Membership.Role.VIEWER


@pytest.mark.django_db
def test_remove_member_keeps_the_account_and_the_trail(bantul_admin, bawaslu_bantul_officer):
    membership = bawaslu_bantul_officer.memberships.get()
    services.remove_member(membership=membership, by=bantul_admin)
    assert not bawaslu_bantul_officer.memberships.exists()
    assert User.objects.filter(pk=bawaslu_bantul_officer.pk, is_active=True).exists()
    event = events(AccountEvent.Type.MEMBER_REMOVED).get()
    assert (event.subject, event.organisation.name) == (
        bawaslu_bantul_officer,
        "Bawaslu Kabupaten Bantul",
    )


# --- accounts and organisations -------------------------------------------------------------


@pytest.mark.django_db
def test_deactivated_user_cannot_log_in(client, bantul_admin, bawaslu_bantul_officer):
    services.deactivate_user(user=bawaslu_bantul_officer, by=bantul_admin)
    assert client.login(username="bawaslu_bantul", password=PASSWORD) is False
    assert events(AccountEvent.Type.USER_DEACTIVATED).count() == 1
    services.reactivate_user(user=bawaslu_bantul_officer, by=bantul_admin)
    assert client.login(username="bawaslu_bantul", password=PASSWORD) is True


@pytest.mark.django_db
def test_deactivation_ends_an_open_session(client, bantul_admin, bawaslu_bantul_officer):
    client.force_login(bawaslu_bantul_officer)
    assert client.get("/staf/").status_code == 200
    services.deactivate_user(user=bawaslu_bantul_officer, by=bantul_admin)
    assert client.get("/staf/").status_code == 302


@pytest.mark.django_db
def test_nobody_deactivates_themselves(bantul_admin):
    with pytest.raises(ValidationError):
        services.deactivate_user(user=bantul_admin, by=bantul_admin)


@pytest.mark.django_db
def test_organisation_deactivation_and_platform_exception(admin, bantul):
    services.deactivate_organisation(organisation=bantul, by=admin)
    assert Organisation.objects.get(pk=bantul.pk).is_active is False
    services.reactivate_organisation(organisation=bantul, by=admin)
    assert Organisation.objects.get(pk=bantul.pk).is_active is True
    platform = admin.memberships.get().organisation
    with pytest.raises(ValidationError):
        services.deactivate_organisation(organisation=platform, by=admin)
    assert events(AccountEvent.Type.ORGANISATION_DEACTIVATED).count() == 1


@pytest.mark.django_db
def test_rename_organisation_keeps_its_jurisdiction(admin, bantul):
    services.rename_organisation(organisation=bantul, name="Bawaslu Kab. Bantul", by=admin)
    bantul.refresh_from_db()
    assert (bantul.name, bantul.jurisdiction_code) == ("Bawaslu Kab. Bantul", "34.02")
    event = events(AccountEvent.Type.ORGANISATION_RENAMED).get()
    assert event.payload["previous_name"] == "Bawaslu Kabupaten Bantul"
    with pytest.raises(ValidationError):
        services.rename_organisation(organisation=bantul, name="  ", by=admin)


@pytest.mark.django_db
def test_change_password_is_recorded(client, bawaslu_bantul_officer):
    services.change_password(user=bawaslu_bantul_officer, new_password="baru-dan-panjang-2024")
    assert client.login(username="bawaslu_bantul", password="baru-dan-panjang-2024")
    assert events(AccountEvent.Type.PASSWORD_CHANGED).get().subject == bawaslu_bantul_officer


# --- two-step verification ------------------------------------------------------------------


@pytest.mark.django_db
def test_enrolment_keeps_one_secret_until_confirmed(bawaslu_bantul_officer):
    first = services.start_totp_enrolment(user=bawaslu_bantul_officer)
    again = services.start_totp_enrolment(user=bawaslu_bantul_officer)
    assert first.pk == again.pk and first.confirmed is False


@pytest.mark.django_db
def test_wrong_first_code_does_not_confirm(bawaslu_bantul_officer):
    device = services.start_totp_enrolment(user=bawaslu_bantul_officer)
    wrong = f"{(int(totp_token(device)) + 1) % 1_000_000:06d}"
    assert services.confirm_totp_device(device=device, token=wrong) is False
    device.refresh_from_db()
    assert device.confirmed is False


@pytest.mark.django_db
def test_a_new_authenticator_replaces_the_old_one(bawaslu_bantul_officer, enrolled):
    old, _codes = enrolled(bawaslu_bantul_officer)
    new = services.start_totp_enrolment(user=bawaslu_bantul_officer)
    assert new.pk != old.pk
    assert services.confirm_totp_device(device=new, token=totp_token(new, 1))
    devices = bawaslu_bantul_officer.totpdevice_set.all()
    assert [d.pk for d in devices] == [new.pk]
    assert events(AccountEvent.Type.TWO_FACTOR_ENROLLED).count() == 2


@pytest.mark.django_db
def test_a_code_is_accepted_once(bawaslu_bantul_officer, enrolled):
    device, _codes = enrolled(bawaslu_bantul_officer)
    token = totp_token(device, 1)
    assert services.verify_second_factor(user=bawaslu_bantul_officer, token=token) == device
    assert services.verify_second_factor(user=bawaslu_bantul_officer, token=token) is None


@pytest.mark.django_db
def test_backup_codes_work_once_and_are_replaced(bawaslu_bantul_officer, enrolled):
    _device, codes = enrolled(bawaslu_bantul_officer)
    assert len(codes) == services.BACKUP_CODE_COUNT == len(set(codes))
    user = bawaslu_bantul_officer
    assert services.verify_second_factor(user=user, token=codes[0].upper()) is not None
    assert services.verify_second_factor(user=user, token=codes[0]) is None
    fresh = services.create_backup_codes(user=user)
    # django-otp slows repeated failures down; clear that to test the replaced code itself.
    user.staticdevice_set.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert services.verify_second_factor(user=user, token=codes[1]) is None
    user.staticdevice_set.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert services.verify_second_factor(user=user, token=fresh[0]) is not None


@pytest.mark.django_db
def test_empty_code_is_refused_without_touching_devices(bawaslu_bantul_officer, enrolled):
    enrolled(bawaslu_bantul_officer)
    assert services.verify_second_factor(user=bawaslu_bantul_officer, token="  ") is None
    assert bawaslu_bantul_officer.totpdevice_set.get().throttling_failure_count == 0


@pytest.mark.django_db
def test_reset_two_factor_removes_every_device(bawaslu_bantul_officer, bantul_admin, enrolled):
    enrolled(bawaslu_bantul_officer)
    services.reset_two_factor(user=bawaslu_bantul_officer, by=bantul_admin)
    assert not bawaslu_bantul_officer.totpdevice_set.exists()
    assert not bawaslu_bantul_officer.staticdevice_set.exists()
    assert events(AccountEvent.Type.TWO_FACTOR_RESET).get().actor == bantul_admin
