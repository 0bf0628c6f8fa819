"""Who sees and handles intake, as a table over the cast (tests/conftest.py)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from netral.accounts import services as account_services
from netral.accounts.models import Membership, Organisation
from netral.reports import policies
from netral.reports.models import Report
from netral.reports.tests import factories

pytestmark = pytest.mark.django_db

# actor → (sees the Bantul report, may triage it, may read a formal reporter's identity)
MATRIX = [
    ("citizen", False, False, False),
    ("bawaslu_bantul_officer", True, True, True),
    ("bawaslu_sleman_officer", False, False, False),
    ("bawaslu_diy_supervisor", True, True, True),
    ("bkn_officer", False, False, False),
    ("ppk_officer", False, False, False),
    ("admin", False, False, False),
]


@pytest.fixture
def formal_report(regions, now):
    return factories.submit(
        now=now, track=Report.Track.FORMAL, identity=factories.identity()
    ).report


@pytest.mark.parametrize(("actor", "sees", "triages", "reads_identity"), MATRIX, indirect=["actor"])
def test_intake_permission_matrix(actor, sees, triages, reads_identity, formal_report):
    assert (formal_report in policies.visible_reports(actor)) is sees
    assert policies.can_triage(actor, formal_report) is triages
    assert policies.can_read_identity(actor, formal_report) is reads_identity


@pytest.mark.parametrize(
    ("actor", "outcome"),
    [
        ("citizen", Http404),
        ("bawaslu_sleman_officer", Http404),
        ("bkn_officer", Http404),
        ("ppk_officer", Http404),
        ("bawaslu_bantul_officer", None),
    ],
    indirect=["actor"],
)
def test_get_report_for_hides_what_is_not_visible(actor, outcome, formal_report):
    if outcome is None:
        assert policies.get_report_for(actor, formal_report.display_code, "triage")
    else:
        with pytest.raises(outcome):
            policies.get_report_for(actor, formal_report.code, "view")


def test_a_viewer_sees_but_may_not_act(formal_report, bawaslu_bantul_officer):
    organisation = Organisation.objects.get(name="Bawaslu Kabupaten Bantul")
    viewer = account_services.create_staff_user(
        username="pemantau",
        password="x" * 12,
        organisation=organisation,
        role=Membership.Role.VIEWER,
    )
    assert policies.get_report_for(viewer, formal_report.code, "view") == formal_report
    with pytest.raises(PermissionDenied):
        policies.get_report_for(viewer, formal_report.code, "triage")
    assert not policies.can_read_identity(viewer, formal_report)


def test_a_tip_has_no_identity_to_read(bantul_tip, bawaslu_bantul_officer):
    assert not policies.can_read_identity(bawaslu_bantul_officer, bantul_tip.report)


def test_an_inactive_organisation_loses_its_reports(bantul_tip, bawaslu_bantul_officer):
    Organisation.objects.filter(name="Bawaslu Kabupaten Bantul").update(is_active=False)
    assert not policies.visible_reports(bawaslu_bantul_officer).exists()


def test_bawaslu_ri_sees_every_region(bantul_tip):
    organisation = account_services.create_organisation(
        name="Bawaslu RI", kind=Organisation.Kind.BAWASLU_RI
    )
    national = account_services.create_staff_user(
        username="bawaslu_ri",
        password="x" * 12,
        organisation=organisation,
        role=Membership.Role.OFFICER,
    )
    assert bantul_tip.report in policies.visible_reports(national)


def test_the_acting_organisation_is_the_closest(bantul_tip, bawaslu_bantul_officer):
    province = account_services.create_organisation(
        name="Bawaslu Provinsi DI Yogyakarta",
        kind=Organisation.Kind.BAWASLU_PROVINSI,
        region_code="34",
    )
    account_services.add_membership(
        user=bawaslu_bantul_officer, organisation=province, role=Membership.Role.SUPERVISOR
    )
    acting = policies.acting_organisation(bawaslu_bantul_officer, bantul_tip.report)
    assert acting.name == "Bawaslu Kabupaten Bantul"


def test_an_organisation_admin_triages_but_does_not_read_identities(
    formal_report, bawaslu_bantul_officer
):
    organisation = Organisation.objects.get(name="Bawaslu Kabupaten Bantul")
    manager = account_services.create_staff_user(
        username="pengelola",
        password="x" * 12,
        organisation=organisation,
        role=Membership.Role.ADMIN,
    )
    assert policies.can_triage(manager, formal_report)
    assert not policies.can_read_identity(manager, formal_report)
