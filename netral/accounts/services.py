"""Use-cases for accounts: staff, their roles in organisations, and how they sign in.

Callers check the policy (`accounts.policies`) first; these functions enforce the rules that
hold whoever calls them, and write an `AccountEvent` for every change.
"""

from typing import Any

from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from netral.accounts import events, policies, tasks
from netral.accounts.models import AccountEvent, Membership, Organisation, User

BACKUP_CODE_COUNT = 10


def _event(
    type: str,
    *,
    by: User | None,
    subject: User | None = None,
    organisation: Organisation | None = None,
    **payload: Any,
) -> AccountEvent:
    checked = events.ACCOUNT_EVENTS.check(type, payload)
    return AccountEvent.objects.create(
        type=type, actor=by, subject=subject, organisation=organisation, payload=checked
    )


def _check_role(role: str) -> None:
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})


@transaction.atomic
def create_staff_user(
    *,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    organisation: Organisation | None = None,
    role: str = Membership.Role.OFFICER,
    is_platform_admin: bool = False,
) -> User:
    """A staff account, optionally with its first membership; platform admins may use the admin."""
    user = User.objects.create_user(
        username=username,
        password=password,
        email=email,
        full_name=full_name,
        is_staff=is_platform_admin,
        is_superuser=is_platform_admin,
    )
    if organisation is not None:
        add_membership(user=user, organisation=organisation, role=role)
    return user


@transaction.atomic
def add_membership(
    *, user: User, organisation: Organisation, role: str, by: User | None = None
) -> Membership:
    """Gives a user a role in an organisation, replacing the role they had there."""
    _check_role(role)
    membership, created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    _event(
        AccountEvent.Type.MEMBER_ADDED if created else AccountEvent.Type.ROLE_CHANGED,
        by=by,
        subject=user,
        organisation=organisation,
        role=role,
    )
    return membership


@transaction.atomic
def create_organisation(*, name: str, kind: str, region_code: str | None = None) -> Organisation:
    """An organisation whose jurisdiction is the region with that code (none: national)."""
    from netral.registry.models import Region

    region = Region.objects.get(code=region_code) if region_code else None
    organisation, _created = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, "region": region}
    )
    return organisation


@transaction.atomic
def rename_organisation(*, organisation: Organisation, name: str, by: User) -> Organisation:
    """Corrects an organisation's name; its kind and region (its jurisdiction) never change."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter a name.")})
    previous = Organisation.objects.get(pk=organisation.pk).name
    if name != previous:
        Organisation.objects.filter(pk=organisation.pk).update(name=name)
        organisation.name = name
        _event(
            AccountEvent.Type.ORGANISATION_RENAMED,
            by=by,
            organisation=organisation,
            name=name,
            previous_name=previous,
        )
    return organisation


@transaction.atomic
def invite_member(
    *,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: str,
    by: User,
    site_url: str,
    language: str = "",
) -> Membership:
    """Adds the person with this e-mail to the organisation; a new person gets an invitation.

    A new account has no usable password until its owner sets one through the link in the
    invitation, so nobody else ever knows it.
    """
    _check_role(role)
    email = BaseUserManager.normalize_email(email.strip()).lower()
    if not email:
        raise ValidationError({"email": _("Enter an e-mail address.")})
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is not None and organisation.memberships.filter(user=user).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    if user is None:
        if User.objects.filter(username__iexact=email).exists():
            raise ValidationError({"email": _("This e-mail is already used as a user name.")})
        user = User(username=email, email=email, full_name=full_name.strip())
        user.set_unusable_password()
        user.save()
        _event(AccountEvent.Type.MEMBER_INVITED, by=by, subject=user, organisation=organisation)
        transaction.on_commit(
            lambda: tasks.send_invitation.enqueue(
                user_id=user.pk,
                organisation_id=organisation.pk,
                site_url=site_url,
                language=language,
            )
        )
    return add_membership(user=user, organisation=organisation, role=role, by=by)


@transaction.atomic
def resend_invitation(
    *, membership: Membership, by: User, site_url: str, language: str = ""
) -> None:
    """Sends a new password link to a member who has never set a password."""
    user = membership.user
    if user.has_usable_password() or not user.email or not user.is_active:
        raise ValidationError(_("This person has already set a password."))
    _event(
        AccountEvent.Type.MEMBER_INVITED,
        by=by,
        subject=user,
        organisation=membership.organisation,
        resent=True,
    )
    transaction.on_commit(
        lambda: tasks.send_invitation.enqueue(
            user_id=user.pk,
            organisation_id=membership.organisation_id,
            site_url=site_url,
            language=language,
        )
    )


def _other_admins(membership: Membership) -> bool:
    return (
        Membership.objects.filter(
            organisation=membership.organisation,
            role=Membership.Role.ADMIN,
            user__is_active=True,
        )
        .exclude(pk=membership.pk)
        .exists()
    )


def _keeps_an_admin(membership: Membership) -> None:
    if membership.role == Membership.Role.ADMIN and not _other_admins(membership):
        raise ValidationError(_("An organisation must keep at least one active administrator."))


@transaction.atomic
def change_role(*, membership: Membership, role: str, by: User) -> Membership:
    """Changes a member's role; an organisation never loses its last active administrator."""
    _check_role(role)
    if role == membership.role:
        return membership
    if role != Membership.Role.ADMIN:
        _keeps_an_admin(membership)
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    _event(
        AccountEvent.Type.ROLE_CHANGED,
        by=by,
        subject=membership.user,
        organisation=membership.organisation,
        role=role,
        previous_role=previous,
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by: User) -> None:
    """Ends a membership (the account stays); never the organisation's last administrator."""
    _keeps_an_admin(membership)
    _event(
        AccountEvent.Type.MEMBER_REMOVED,
        by=by,
        subject=membership.user,
        organisation=membership.organisation,
        role=membership.role,
    )
    membership.delete()


def _switch_active(
    target: User | Organisation, *, active: bool, by: User, event: AccountEvent.Type
) -> None:
    """Saves and records the new state; asking for the state already held changes nothing."""
    if target.is_active == active:
        return
    target.is_active = active
    target.save(update_fields=["is_active"])
    if isinstance(target, User):
        _event(event, by=by, subject=target)
    else:
        _event(event, by=by, organisation=target)


@transaction.atomic
def deactivate_user(*, user: User, by: User) -> User:
    """Blocks an account from signing in (its open sessions end at once); never your own."""
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    for membership in user.memberships.select_related("organisation"):
        _keeps_an_admin(membership)
    _switch_active(user, active=False, by=by, event=AccountEvent.Type.USER_DEACTIVATED)
    return user


@transaction.atomic
def reactivate_user(*, user: User, by: User) -> User:
    """Lets a deactivated account sign in again."""
    _switch_active(user, active=True, by=by, event=AccountEvent.Type.USER_REACTIVATED)
    return user


@transaction.atomic
def deactivate_organisation(*, organisation: Organisation, by: User) -> Organisation:
    """Switches an organisation off: its members lose every capability they held through it."""
    if organisation.kind == Organisation.Kind.PLATFORM:
        raise ValidationError(_("The platform organisation cannot be deactivated."))
    _switch_active(
        organisation, active=False, by=by, event=AccountEvent.Type.ORGANISATION_DEACTIVATED
    )
    return organisation


@transaction.atomic
def reactivate_organisation(*, organisation: Organisation, by: User) -> Organisation:
    """Switches an organisation back on, with the memberships it had."""
    _switch_active(
        organisation, active=True, by=by, event=AccountEvent.Type.ORGANISATION_REACTIVATED
    )
    return organisation


@transaction.atomic
def change_password(*, user: User, new_password: str) -> User:
    """Sets a new password (already validated by the form) and records that it changed."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    _event(AccountEvent.Type.PASSWORD_CHANGED, by=user, subject=user)
    return user


# --- Two-step verification ------------------------------------------------------------------


@transaction.atomic
def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for the user; reloading the page keeps the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def confirm_totp_device(*, device: TOTPDevice, token: str) -> bool:
    """Confirms an authenticator by its first code; it then replaces any earlier one."""
    if device.confirmed or not device.verify_token(_clean_token(token)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    _event(AccountEvent.Type.TWO_FACTOR_ENROLLED, by=device.user, subject=device.user)
    return True


@transaction.atomic
def create_backup_codes(*, user: User, count: int = BACKUP_CODE_COUNT) -> list[str]:
    """New single-use backup codes; every earlier code stops working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(count)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    _event(AccountEvent.Type.BACKUP_CODES_CREATED, by=user, subject=user, count=count)
    return codes


def _clean_token(token: str) -> str:
    return "".join(str(token).split()).lower()


@transaction.atomic
def verify_second_factor(*, user: User, token: str) -> Device | None:
    """The confirmed device that accepts this code (an authenticator or backup code), if any.

    Each device slows down repeated failures on its own (django-otp's throttling), and a code,
    once accepted, is never accepted again.
    """
    token = _clean_token(token)
    if not token:
        return None
    devices: list[Device] = [
        *TOTPDevice.objects.filter(user=user, confirmed=True).select_for_update(),
        *StaticDevice.objects.filter(user=user, confirmed=True).select_for_update(),
    ]
    for device in devices:
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def reset_two_factor(*, user: User, by: User) -> None:
    """Removes every authenticator and backup code, so the user sets up a new one at next login."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    _event(AccountEvent.Type.TWO_FACTOR_RESET, by=by, subject=user)


@transaction.atomic
def update_contact(*, user: User, full_name: str, email: str, by: User) -> User:
    """A platform administrator corrects a person's name or e-mail (never their access)."""
    if not policies.is_platform_admin(by):
        raise PermissionDenied
    user.full_name, user.email = full_name.strip(), email.strip()
    user.save(update_fields=["full_name", "email"])
    return user
