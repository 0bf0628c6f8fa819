"""The Inspektorat (APIP) of a regional government has a seat (PP 94/2021): it reads the cases
its government's PPK received and receives the examination hand-off when the team is formed."""

import pytest
from django.urls import reverse

from netral.accounts import services as account_services
from netral.accounts.models import Membership
from netral.cases import policies, selectors
from netral.cases.models import CaseEvent, Notification, Step
from netral.cases.tests.conftest import NOW, walk
from netral.cases.workflow import INSPEKTORAT_STEP

TEAM = {
    "examination_team": {
        "superior": "Kepala Dinas",
        "inspektorat": "Irban II",
        "personnel": "BKPSDM",
    }
}


def _inspektorat(name, region_code, username):
    organisation = account_services.create_organisation(
        name=name, kind="inspektorat", region_code=region_code
    )
    return account_services.create_staff_user(
        username=username, password="kata-sandi-uji-12345", organisation=organisation,
        role=Membership.Role.OFFICER,
    )  # fmt: skip


@pytest.fixture
def irban_bantul(regions):
    return _inspektorat("Inspektorat Kabupaten Bantul", "34.02", "irban_bantul")


@pytest.fixture
def irban_sleman(regions):
    return _inspektorat("Inspektorat Kabupaten Sleman", "34.04", "irban_sleman")


def test_the_inspektorat_reads_its_governments_cases_once_the_ppk_received_them(
    at_bkn, bkn_officer, ppk_officer, irban_bantul, irban_sleman
):
    assert at_bkn not in policies.visible_cases(irban_bantul)
    case = walk(
        at_bkn,
        bkn_officer,
        (
            "recommend_sanction",
            {
                "codes": ["DS-06"],
                "sanction_category": "HD_BERAT",
                "reasoning": "Terbukti mendukung paslon secara terbuka di media sosial.",
            },
        ),
    )
    assert case in policies.visible_cases(irban_bantul)
    assert policies.can_view(irban_bantul, case)
    assert case not in policies.visible_cases(irban_sleman)
    assert not policies.can_view(irban_sleman, case)
    assert policies.available_transitions(irban_bantul, case) == []


def test_forming_the_team_hands_the_examination_to_the_inspektorat(
    at_ppk, ppk_officer, irban_bantul, client
):
    case = walk(at_ppk, ppk_officer, ("start_disciplinary_examination", TEAM))
    step = case.steps.get(kind=INSPEKTORAT_STEP)
    assert step.organisation.name == "Inspektorat Kabupaten Bantul"
    assert step.closed_at is None and step.due_at is None
    event = case.events.get(type=CaseEvent.Type.EXAMINATION_HANDED_TO_APIP)
    assert event.payload == {"to": "Inspektorat Kabupaten Bantul", "member": "Irban II"}
    notice = Notification.objects.get(user=irban_bantul)
    assert notice.kind == "decided"  # the case stays with the BKPSDM: no hand-over is said
    assert notice.message.startswith(f"Kasus {case.code}: ")
    assert "Inspektorat" in notice.message
    queue = selectors.work_queue(irban_bantul, selectors.QueueFilters(), now=NOW)
    assert list(queue) == [case]
    # The PPK's clock and rung run on, owned by the PPK.
    assert case.steps.filter(organisation=case.owner, closed_at__isnull=True).count() == 1
    client.force_login(irban_bantul)
    page = client.get(reverse("cases:detail", args=[case.code]))
    assert page.status_code == 200
    assert "Inspektorat" in page.content.decode()
    refused = client.post(reverse("cases:transition", args=[case.code, "record_ppk_decision"]), {})
    assert refused.status_code == 403
    assert Step.objects.filter(case=case, kind=INSPEKTORAT_STEP).count() == 1
