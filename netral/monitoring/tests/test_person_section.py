"""A civil servant's registry page lists the monitoring findings about their declared accounts
that the reader may see (registry/sections.py, monitoring/person_section.py), and no other."""

import pytest
from django.urls import reverse

from netral.monitoring.models import Finding
from netral.registry import services as registry_services
from netral.registry.tests.factories import AgencyFactory, CivilServantFactory

from .conftest import SAMPLE, import_lines

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_with_findings(bantul_election, regions, now):
    agency = AgencyFactory(name="Dinas Pendidikan Kabupaten Bantul", region=regions["bantul"])
    teacher = CivilServantFactory(name="Sri Handayani", agency=agency, position="Guru")
    registry_services.declare_social_account(
        civil_servant=teacher, platform="facebook", handle="@sri.handayani.guru", now=now
    )
    import_lines(bantul_election, SAMPLE.read_bytes())
    findings = list(Finding.objects.filter(item__account__civil_servant=teacher))
    assert len(findings) >= 2
    return teacher, findings


def _page(client, teacher):
    response = client.get(reverse("registry:civil_servant", args=[teacher.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def _links(findings):
    return [reverse("monitoring:finding", args=[f.public_id]) for f in findings]


@pytest.mark.parametrize("reader", ["bawaslu_bantul_officer", "bawaslu_diy_supervisor"])
def test_the_page_lists_the_findings_within_the_readers_area(
    client_for, request, teacher_with_findings, reader
):
    teacher, findings = teacher_with_findings
    page = _page(client_for(request.getfixturevalue(reader)), teacher)
    assert "Temuan pemantauan" in page
    for link in _links(findings):
        assert link in page


def test_a_reader_without_monitoring_in_the_area_sees_the_page_without_findings(
    client_for, teacher_with_findings, bkn_officer
):
    teacher, findings = teacher_with_findings
    page = _page(client_for(bkn_officer), teacher)  # BKN reads the registry, not monitoring
    assert "Sri Handayani" in page
    assert "/pemantauan/temuan/" not in page


def test_a_bawaslu_of_another_area_gets_neither_page_nor_findings(
    client_for, teacher_with_findings, bawaslu_sleman_officer
):
    teacher, _findings = teacher_with_findings
    url = reverse("registry:civil_servant", args=[teacher.public_id])
    response = client_for(bawaslu_sleman_officer).get(url)
    assert response.status_code == 403
    assert b"/pemantauan/temuan/" not in response.content


def test_a_finding_of_another_area_is_left_out_for_the_same_reader(
    client_for, teacher_with_findings, bawaslu_bantul_officer
):
    teacher, findings = teacher_with_findings
    elsewhere, *kept = findings
    # The same person's finding from an election in Sleman (an import there needs a whole
    # election file; moving the row's area is the same fact for the page).
    Finding.objects.filter(pk=elsewhere.pk).update(region_code="34.04")
    page = _page(client_for(bawaslu_bantul_officer), teacher)
    assert _links([elsewhere])[0] not in page
    for link in _links(kept):
        assert link in page
