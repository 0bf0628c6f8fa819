"""Use-cases for accounts: creating staff and giving them roles in organisations."""

from django.db import transaction

from netral.accounts.models import Membership, Organisation, User


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
def add_membership(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Gives a user a role in an organisation, replacing the role they had there."""
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
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
