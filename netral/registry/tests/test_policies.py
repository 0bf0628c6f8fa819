import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from netral.accounts import services as account_services
from netral.registry import policies

ALL = {"bantul", "disdik", "sleman", "ministry"}
# Who may see the personal data of the civil servant in each agency (tests/conftest.py cast).
MATRIX = {
    "citizen": set(),
    "bawaslu_bantul_officer": {"bantul", "disdik"},
    "bawaslu_sleman_officer": {"sleman"},
    "bawaslu_diy_supervisor": {"bantul", "disdik", "sleman"},
    "bkn_officer": ALL,
    "ppk_officer": {"bantul", "disdik"},
    "admin": ALL,
}


@pytest.mark.parametrize(("actor", "allowed"), MATRIX.items(), indirect=["actor"])
def test_visible_civil_servants_follow_the_jurisdiction(actor, allowed, civil_servants):
    visible = set(policies.visible_civil_servants(actor))
    assert visible == {civil_servants[key] for key in allowed}


@pytest.mark.parametrize(("actor", "allowed"), MATRIX.items(), indirect=["actor"])
@pytest.mark.parametrize("key", sorted(ALL))
def test_personal_data_permission_matrix(actor, allowed, key, civil_servants):
    person = civil_servants[key]
    assert policies.can_view_personal_data(actor, person) is (key in allowed)
    assert policies.can_view_agency_staff(actor, person.agency) is (key in allowed)
    if key in allowed:
        assert policies.get_civil_servant_for(actor, person.public_id) == person
    else:
        with pytest.raises(PermissionDenied):
            policies.get_civil_servant_for(actor, person.public_id)


@pytest.mark.parametrize("actor", list(MATRIX), indirect=True)
def test_agencies_and_regions_are_public(actor, agencies):
    assert set(policies.visible_agencies(actor)) == set(agencies.values())
    assert policies.get_agency_for(actor, "pemda-3402") == agencies["bantul"]


def test_a_user_without_membership_sees_nobody(civil_servants):
    user = account_services.create_staff_user(username="tanpa_org", password="x" * 12)
    assert not policies.visible_civil_servants(user).exists()
    assert not policies.can_view_personal_data(user, civil_servants["bantul"])


def test_an_inactive_organisation_gives_no_jurisdiction(bawaslu_bantul_officer, civil_servants):
    organisation = bawaslu_bantul_officer.memberships.get().organisation
    organisation.is_active = False
    organisation.save()
    assert not policies.visible_civil_servants(bawaslu_bantul_officer).exists()


def test_a_region_code_prefix_is_not_a_jurisdiction(regions, bawaslu_bantul_officer, agencies):
    """34.02 covers 34.02.15 but not a (hypothetical) 34.020 or 34.21."""
    from netral.registry.tests.factories import AgencyFactory, CivilServantFactory, RegionFactory

    other = RegionFactory(code="34.21", name="Kabupaten Lain")
    person = CivilServantFactory(agency=AgencyFactory(code="LAIN", region=other))
    assert not policies.can_view_personal_data(bawaslu_bantul_officer, person)
    assert person not in policies.visible_civil_servants(bawaslu_bantul_officer)


def test_unknown_or_malformed_ids_are_404(bkn_officer, db):
    for value in ("00000000-0000-0000-0000-000000000000", "not-a-uuid"):
        with pytest.raises(Http404):
            policies.get_civil_servant_for(bkn_officer, value)
    with pytest.raises(Http404):
        policies.get_agency_for(bkn_officer, "TIDAK-ADA")
