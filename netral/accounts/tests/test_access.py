"""The shared access layer: actors, their seats, kind families and the platform administrator."""

import pytest
from django.contrib.auth.models import AnonymousUser

from netral.accounts import access, services
from netral.accounts.access import Capability
from netral.accounts.models import Membership, Organisation
from netral.registry.models import Region
from tests.conftest import PASSWORD

Kind, Family = Organisation.Kind, Organisation.Family


def test_every_kind_is_declared_with_its_family():
    assert all(isinstance(kind.family, Family) for kind in Kind)
    assert Kind("ppk").family == Family.PPK


def test_kind_families_group_the_levels_of_one_body():
    assert Kind.of(Family.BAWASLU) == {"bawaslu_ri", "bawaslu_provinsi", "bawaslu_kabkota"}
    assert Kind.of(Family.BKN, Family.PPK) == {"bkn", "bkn_regional", "ppk"}
    assert Kind.OMBUDSMAN_PERWAKILAN.family == Family.OMBUDSMAN


@pytest.mark.parametrize("user", [None, AnonymousUser()])
def test_nobody_has_no_seat_and_no_platform(user):
    actor = access.actor_of(user)
    assert actor is access.NOBODY
    assert actor.seats == ()
    assert actor.covers("34.02") is False
    assert access.is_platform_admin(user) is False


@pytest.mark.django_db
def test_an_officer_sits_in_their_organisation(bawaslu_bantul_officer):
    actor = access.actor_of(bawaslu_bantul_officer)
    (seat,) = actor.seats
    assert seat.organisation.name == bawaslu_bantul_officer.memberships.get().organisation.name
    assert seat.family == Family.BAWASLU
    assert seat.kind == Kind.BAWASLU_KABKOTA
    assert seat.region_code == "34.02"
    assert seat.can(Capability.HANDLE) and not seat.can(Capability.SUPERVISE)
    assert actor.user == bawaslu_bantul_officer
    assert actor.is_platform_admin is False


@pytest.mark.django_db
def test_seats_filter_by_family_and_capability(bawaslu_diy_supervisor, bkn_officer):
    supervisor = access.actor_of(bawaslu_diy_supervisor)
    assert len(supervisor.seats_in({Family.BAWASLU}, Capability.SUPERVISE)) == 1
    assert supervisor.seats_in({Family.BKN}) == []
    assert access.actor_of(bkn_officer).seats_in(capability=Capability.SUPERVISE) == []


@pytest.mark.django_db
def test_coverage_follows_the_region_subtree_and_the_capability(bawaslu_bantul_officer, bantul):
    viewer = services.create_staff_user(
        username="viewer", password=PASSWORD, organisation=bantul, role=Membership.Role.VIEWER
    )
    officer = access.actor_of(bawaslu_bantul_officer)
    assert officer.covers("34.02.15.2001") is True
    assert officer.covers("34.04") is False
    assert officer.covers("34.02", families={Family.BKN}) is False
    assert access.actor_of(viewer).covers("34.02", Capability.HANDLE) is False
    assert officer.region_codes() == {"34.02"}


@pytest.mark.django_db
def test_region_q_scopes_a_queryset(bawaslu_sleman_officer, bkn_officer, regions):
    sleman = Region.objects.filter(access.actor_of(bawaslu_sleman_officer).region_q("code"))
    assert list(sleman.values_list("code", flat=True)) == ["34.04"]
    national = Region.objects.filter(access.actor_of(bkn_officer).region_q("code"))
    assert national.count() == Region.objects.count()
    assert not Region.objects.filter(access.NOBODY.region_q("code")).exists()


@pytest.mark.django_db
def test_a_token_actor_has_one_seat_and_no_user(bantul):
    actor = access.token_actor(organisation=bantul, role=Membership.Role.VIEWER)
    assert actor.user is None
    assert [seat.capabilities for seat in actor.seats] == [frozenset({Capability.VIEW})]


@pytest.mark.django_db
def test_a_token_of_an_inactive_organisation_is_nobody(bantul, admin):
    services.deactivate_organisation(organisation=bantul, by=admin)
    bantul.refresh_from_db()
    assert access.token_actor(organisation=bantul, role=Membership.Role.OFFICER) is access.NOBODY


@pytest.mark.django_db
def test_the_actor_is_kept_for_the_request_until_rebuilt(bawaslu_bantul_officer, bantul, admin):
    assert access.actor_of(bawaslu_bantul_officer).seats
    services.deactivate_organisation(organisation=bantul, by=admin)
    assert access.actor_of(bawaslu_bantul_officer).seats  # same request: same answer
    assert access.actor_of(bawaslu_bantul_officer, fresh=True).seats == ()
    access.forget_actor(bawaslu_bantul_officer)
    assert access.actor_of(bawaslu_bantul_officer).seats == ()


@pytest.mark.django_db
def test_platform_admin_by_superuser_flag(regions):
    root = services.create_staff_user(username="root", password=PASSWORD, is_platform_admin=True)
    assert access.is_platform_admin(root) is True


@pytest.mark.django_db
def test_platform_admin_by_administering_the_platform_organisation(regions):
    platform = services.create_organisation(name="Platform", kind=Kind.PLATFORM)
    user = services.create_staff_user(
        username="ops", password=PASSWORD, organisation=platform, role=Membership.Role.ADMIN
    )
    assert user.is_superuser is False
    assert access.is_platform_admin(user) is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (Kind.PLATFORM, Membership.Role.SUPERVISOR),  # not the administrator of the platform
        (Kind.BAWASLU_RI, Membership.Role.ADMIN),  # administrator of another body
    ],
)
def test_other_members_do_not_run_the_platform(regions, kind, role):
    organisation = services.create_organisation(name="Org", kind=kind)
    user = services.create_staff_user(
        username="someone", password=PASSWORD, organisation=organisation, role=role
    )
    assert access.is_platform_admin(user) is False


@pytest.mark.django_db
def test_a_deactivated_platform_admin_runs_nothing(admin, regions):
    root = services.create_staff_user(username="root", password=PASSWORD, is_platform_admin=True)
    services.deactivate_user(user=root, by=admin)
    root.refresh_from_db()
    assert access.is_platform_admin(root) is False
