"""The opened-sanctions list: off by default; when on, only the configured sanctions of PPK
decrees (final decisions), each field marked for legal review."""

import datetime as dt

import pytest
from django.urls import reverse

from netral.cases import services as case_services
from netral.cases.tests.conftest import NOW, REASON, decree_pdf

pytestmark = pytest.mark.django_db


def test_off_by_default(client, regions):
    assert client.get(reverse("transparency:open_sanctions")).status_code == 404


def test_a_case_before_the_decree_is_not_listed(client, at_ppk, servant, settings):
    settings.NETRAL_PUBLIC_OPEN_SANCTIONS = True
    settings.NETRAL_PUBLIC_OPEN_SANCTION_CODES = ["PP94-SEDANG-6"]
    page = client.get(reverse("transparency:open_sanctions"))
    assert page.status_code == 200
    assert servant.name not in page.content.decode()


def test_a_configured_sanction_is_listed_after_the_decree(
    client, at_ppk, ppk_officer, servant, settings
):
    decision = case_services.PpkDecision(
        decree_number="800/9/2024",
        decree_signatory="Bupati Bantul",
        decree_date=dt.date(2024, 10, 7),
        sanction="PP94-SEDANG-6",
        reasoning=REASON,
        deviation_reason="Pertimbangan masa kerja.",
    )
    case_services.record_ppk_decision(
        case=at_ppk, by=ppk_officer, now=NOW, decision=decision, decree_file=decree_pdf()
    )
    settings.NETRAL_PUBLIC_OPEN_SANCTIONS = True
    listed = client.get(reverse("transparency:open_sanctions")).content.decode()
    assert "800/9/2024" not in listed  # PP94-SEDANG-6 is not an open sanction by default
    settings.NETRAL_PUBLIC_OPEN_SANCTION_CODES = ["PP94-SEDANG-6"]
    listed = client.get(reverse("transparency:open_sanctions")).content.decode()
    assert servant.name in listed and "800/9/2024" in listed
    assert "Sumber sedang diperiksa" in listed  # the public unverified mark
    assert "konfigurasi" not in listed
    settings.NETRAL_PUBLIC_OPEN_SANCTIONS = False
    assert client.get(reverse("transparency:open_sanctions")).status_code == 404
