"""A campaign's history: what its organisers and the platform did, each with what it says."""

import pytest
from django.urls import reverse
from django.utils import translation

from netral.prevention import events, selectors, services
from netral.prevention.tests.conftest import NOW

pytestmark = pytest.mark.django_db


def test_history_lists_organiser_actions_newest_first_without_signatures(campaign, staff, codes):
    services.sign_online(campaign=campaign, nip=staff[0].nip, code=codes[staff[0].nip], now=NOW)
    history = selectors.campaign_history(campaign)
    assert [event.type for event in history] == ["codes_issued", "opened"]
    with translation.override("id"):
        assert history[0].headline == "seluruh instansi: 5 kode"
        assert history[1].headline == "PEMDA-3402 · " + campaign.election.code


def test_the_campaign_page_shows_its_history(client_for, ppk_officer, campaign, codes):
    page = client_for(ppk_officer).get(reverse("prevention:campaign", args=[campaign.public_id]))
    body = page.content.decode()
    assert "Riwayat kampanye" in body
    assert "Kode penandatanganan diterbitkan" in body
    assert "seluruh instansi: 5 kode" in body


@pytest.mark.parametrize(
    ("payload", "headline"),
    [
        (events.Reminded(units=["A", "B"], recipients=1200), "2 units · 1,200 recipients"),
        (events.CodesEmailed(sent=3, skipped=1, failed=0), "3 sent, 1 skipped, 0 failed"),
        (events.AddressesListed(sha256="x", listed=1), "1 address"),
        (
            events.PaperListRecorded(paper_list="p", sha256="x", signed=4, already_signed=1),
            "4 recorded, 1 already recorded",
        ),
        (
            events.CodeEmailsRequested(
                unit="Sekretariat", with_address=2, without_address=1, reissue=False
            ),
            "Sekretariat: 2 with an address, 1 without",
        ),
        (events.TextRevised(text_version=3, text_sha256="x"), "Version 3"),
        (events.CodesIssued(unit="", count=2), "(no unit): 2 codes"),
    ],
)
def test_each_organiser_event_says_what_it_did(payload, headline):
    with translation.override("en"):
        assert payload.headline() == headline


def test_the_history_leaves_out_every_event_a_civil_servant_causes():
    assert {"signed_online", "module_attempted", "checked_in"} == events.ASN_TYPES
