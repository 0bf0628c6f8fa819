"""The permission matrix of accounts, over the shared cast."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from netral.accounts import policies, services
from netral.accounts.access import ROLE_CAPABILITIES, Capability, roles_with
from netral.accounts.models import Membership, Organisation
from netral.registry.models import Region
from tests.conftest import PASSWORD

V, A, S, M = Capability.VIEW, Capability.HANDLE, Capability.SUPERVISE, Capability.ADMINISTER
OFFICER = {V, A, Capability.DECIDE, Capability.ASSIGN, Capability.READ_IDENTITY}


def own_organisation(user):
    return user.memberships.get().organisation


def test_roles_are_cumulative_but_identity_stays_with_handlers():
    order = [
        Membership.Role.VIEWER,
        Membership.Role.OFFICER,
        Membership.Role.SUPERVISOR,
        Membership.Role.ADMIN,
    ]
    without_identity = [ROLE_CAPABILITIES[role] - {Capability.READ_IDENTITY} for role in order]
    for lower, higher in zip(without_identity, without_identity[1:], strict=False):
        assert lower < higher
    assert set(ROLE_CAPABILITIES) == set(Membership.Role.values)
    assert roles_with(Capability.READ_IDENTITY) == [
        Membership.Role.OFFICER,
        Membership.Role.SUPERVISOR,
    ]


def test_unknown_capability_is_carried_by_no_role():
    assert roles_with("delete_everything") == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "granted"),
    [
        ("bawaslu_bantul_officer", OFFICER),
        ("bawaslu_sleman_officer", OFFICER),
        ("bawaslu_diy_supervisor", OFFICER | {S}),
        ("bkn_officer", OFFICER),
        ("ppk_officer", OFFICER),
        ("admin", (OFFICER - {Capability.READ_IDENTITY}) | {S, M}),
    ],
    indirect=["actor"],
)
def test_capabilities_in_own_organisation(actor, granted):
    organisation = own_organisation(actor)
    for capability in Capability:
        assert policies.has_capability(actor, organisation, capability) is (capability in granted)


@pytest.mark.django_db
def test_no_capability_in_another_organisation(bawaslu_bantul_officer, bawaslu_sleman_officer):
    sleman = own_organisation(bawaslu_sleman_officer)
    for capability in Capability:
        assert policies.has_capability(bawaslu_bantul_officer, sleman, capability) is False


@pytest.mark.django_db
def test_the_public_has_no_capability(bawaslu_bantul_officer):
    bantul = own_organisation(bawaslu_bantul_officer)
    assert policies.has_capability(None, bantul, V) is False
    assert policies.organisations_of(None).count() == 0
    assert policies.covers_region(None, "34.02") is False
    assert policies.is_platform_admin(None) is False
    assert policies.visible_users(None).count() == 0


@pytest.mark.django_db
def test_deactivated_organisation_grants_nothing(bawaslu_bantul_officer, admin):
    bantul = own_organisation(bawaslu_bantul_officer)
    services.deactivate_organisation(organisation=bantul, by=admin)
    assert policies.has_capability(bawaslu_bantul_officer, bantul, V) is False
    assert policies.covers_region(bawaslu_bantul_officer, "34.02") is False


@pytest.mark.django_db
def test_deactivated_user_has_no_capability(bawaslu_bantul_officer, admin):
    bantul = own_organisation(bawaslu_bantul_officer)
    services.deactivate_user(user=bawaslu_bantul_officer, by=admin)
    assert policies.has_capability(bawaslu_bantul_officer, bantul, V) is False


PENDOWOHARJO, SLEMAN, JAWA_TIMUR = "34.02.15.2001", "34.04", "35.01"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "bantul_village", "sleman", "other_province"),
    [
        ("citizen", False, False, False),
        ("bawaslu_bantul_officer", True, False, False),
        ("bawaslu_sleman_officer", False, True, False),
        ("bawaslu_diy_supervisor", True, True, False),
        ("bkn_officer", True, True, True),
        ("ppk_officer", True, False, False),
        ("admin", True, True, True),
    ],
    indirect=["actor"],
)
def test_jurisdiction_is_the_region_subtree(actor, bantul_village, sleman, other_province):
    assert policies.covers_region(actor, PENDOWOHARJO) is bantul_village
    assert policies.covers_region(actor, SLEMAN) is sleman
    assert policies.covers_region(actor, JAWA_TIMUR) is other_province


@pytest.mark.django_db
def test_jurisdiction_prefix_stops_at_a_dot(regions, bawaslu_bantul_officer):
    # 34.021 would share the characters "34.02" but is not inside Bantul.
    assert policies.covers_region(bawaslu_bantul_officer, "34.021") is False
    assert policies.covers_region(bawaslu_bantul_officer, "34.02") is True


@pytest.mark.django_db
def test_jurisdiction_respects_the_capability_asked(bantul, bawaslu_diy_supervisor, regions):
    viewer = services.create_staff_user(
        username="viewer", password=PASSWORD, organisation=bantul, role=Membership.Role.VIEWER
    )
    assert policies.covers_region(viewer, "34.02", V) is True
    assert policies.covers_region(viewer, "34.02", A) is False
    assert policies.covers_region(bawaslu_diy_supervisor, "34.02", S) is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("citizen", set()),
        ("bawaslu_bantul_officer", {"34.02", "34.02.15", "34.02.15.2001"}),
        ("bawaslu_sleman_officer", {"34.04"}),
        ("bkn_officer", {"34", "34.02", "34.04", "34.02.15", "34.02.15.2001"}),
    ],
    indirect=["actor"],
)
def test_jurisdiction_filter_scopes_a_queryset(actor, expected):
    rows = Region.objects.filter(policies.jurisdiction_q(actor, "code"))
    assert set(rows.values_list("code", flat=True)) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("citizen", False),
        ("bawaslu_bantul_officer", False),
        ("bawaslu_diy_supervisor", False),
        ("bkn_officer", False),
        ("admin", True),
    ],
    indirect=["actor"],
)
def test_platform_admin_matrix(actor, expected):
    assert policies.is_platform_admin(actor) is expected


@pytest.mark.django_db
def test_platform_admin_by_membership_without_superuser_flag(regions):
    platform = services.create_organisation(name="Platform", kind=Organisation.Kind.PLATFORM)
    operator = services.create_staff_user(
        username="operator", password=PASSWORD, organisation=platform, role=Membership.Role.ADMIN
    )
    helper = services.create_staff_user(
        username="helper", password=PASSWORD, organisation=platform, role=Membership.Role.OFFICER
    )
    assert operator.is_superuser is False
    assert policies.is_platform_admin(operator) is True
    assert policies.is_platform_admin(helper) is False


@pytest.mark.django_db
def test_visible_organisations(admin, bawaslu_bantul_officer, bawaslu_sleman_officer):
    assert set(policies.visible_organisations(bawaslu_bantul_officer)) == {
        own_organisation(bawaslu_bantul_officer)
    }
    assert policies.visible_organisations(admin).count() == Organisation.objects.count()


@pytest.mark.django_db
def test_visible_users(admin, bantul_admin, bawaslu_bantul_officer, bawaslu_sleman_officer):
    assert set(policies.visible_users(bawaslu_bantul_officer)) == {bawaslu_bantul_officer}
    assert set(policies.visible_users(bantul_admin)) == {bantul_admin, bawaslu_bantul_officer}
    assert bawaslu_sleman_officer in policies.visible_users(admin)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("citizen", False),
        ("bawaslu_bantul_officer", False),
        ("bawaslu_sleman_officer", False),
        ("bawaslu_diy_supervisor", False),
        ("bkn_officer", False),
        ("ppk_officer", False),
        ("admin", True),
    ],
    indirect=["actor"],
)
def test_who_manages_bantul_members(actor, expected, bantul):
    assert policies.can_manage_members(actor, bantul) is expected


@pytest.mark.django_db
def test_organisation_admin_manages_own_members(bantul_admin, bantul, bawaslu_sleman_officer):
    assert policies.can_manage_members(bantul_admin, bantul) is True
    sleman = own_organisation(bawaslu_sleman_officer)
    assert policies.can_manage_members(bantul_admin, sleman) is False


@pytest.mark.django_db
def test_who_may_manage_an_account(
    admin, bantul_admin, bawaslu_bantul_officer, bawaslu_sleman_officer
):
    assert policies.can_manage_user(bantul_admin, bawaslu_bantul_officer) is True
    assert policies.can_manage_user(bantul_admin, bantul_admin) is False
    assert policies.can_manage_user(bantul_admin, bawaslu_sleman_officer) is False
    assert policies.can_manage_user(bantul_admin, admin) is False
    assert policies.can_manage_user(admin, bawaslu_sleman_officer) is True
    assert policies.can_manage_user(admin, admin) is False
    assert policies.can_manage_user(bawaslu_bantul_officer, bantul_admin) is False


@pytest.mark.django_db
def test_person_in_two_organisations_is_not_managed_by_one_of_them(
    bantul_admin, bawaslu_bantul_officer, bawaslu_sleman_officer
):
    sleman = own_organisation(bawaslu_sleman_officer)
    services.add_membership(
        user=bawaslu_bantul_officer, organisation=sleman, role=Membership.Role.VIEWER
    )
    assert policies.can_manage_user(bantul_admin, bawaslu_bantul_officer) is False


@pytest.mark.django_db
def test_only_platform_admins_switch_organisations(admin, bantul_admin, bantul):
    platform = own_organisation(admin)
    assert policies.can_change_organisation_status(admin, bantul) is True
    assert policies.can_change_organisation_status(admin, platform) is False
    assert policies.can_change_organisation_status(bantul_admin, bantul) is False


@pytest.mark.django_db
def test_admin_site_needs_second_step_only_when_required(admin, bkn_officer):
    assert policies.can_use_admin_site(admin, verified=False, require_verified=False) is True
    assert policies.can_use_admin_site(admin, verified=False, require_verified=True) is False
    assert policies.can_use_admin_site(admin, verified=True, require_verified=True) is True
    assert policies.can_use_admin_site(bkn_officer, verified=True, require_verified=True) is False


@pytest.mark.django_db
def test_get_organisation_for_answers_404_or_403(
    bantul, bantul_admin, bawaslu_bantul_officer, bawaslu_sleman_officer
):
    assert policies.get_organisation_for(bantul_admin, bantul.public_id, "manage") == bantul
    assert policies.get_organisation_for(bawaslu_bantul_officer, str(bantul.public_id)) == bantul
    with pytest.raises(PermissionDenied):
        policies.get_organisation_for(bawaslu_bantul_officer, bantul.public_id, "manage")
    with pytest.raises(Http404):
        policies.get_organisation_for(bawaslu_sleman_officer, bantul.public_id, "view")
    with pytest.raises(Http404):
        policies.get_organisation_for(bantul_admin, "not-a-uuid", "view")
    with pytest.raises(Http404):
        policies.get_organisation_for(bantul_admin, uuid.uuid4(), "view")


@pytest.mark.django_db
def test_get_membership_for(bantul, bantul_admin, bawaslu_bantul_officer, bawaslu_sleman_officer):
    member = bawaslu_bantul_officer.memberships.get()
    assert policies.get_membership_for(bantul_admin, bantul, member.public_id) == member
    found = policies.get_membership_for(bantul_admin, bantul, member.public_id, "manage_user")
    assert found == member
    other = bawaslu_sleman_officer.memberships.get()
    with pytest.raises(Http404):  # a membership of another organisation is not found here
        policies.get_membership_for(bantul_admin, bantul, other.public_id)
    with pytest.raises(PermissionDenied):
        policies.get_membership_for(bawaslu_bantul_officer, bantul, member.public_id)


@pytest.mark.django_db
def test_organisation_covers_its_subtree(bantul):
    assert bantul.covers("34.02.15") is True
    assert bantul.covers("34.04") is False
    assert bantul.jurisdiction_code == "34.02"


@pytest.mark.django_db
def test_user_jurisdiction_codes_still_work(bawaslu_bantul_officer, bkn_officer):
    assert bawaslu_bantul_officer.jurisdiction_codes() == {"34.02"}
    assert bkn_officer.jurisdiction_codes() == {""}
