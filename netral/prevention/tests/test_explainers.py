"""The self-check links to the learning module that explains its answer."""

import datetime as dt

import pytest
from django.urls import reverse

from netral.prevention import explainers, learning
from netral.rules import catalogue
from netral.rules import explainers as rules_explainers

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 10, 1)


def _entry(code):
    return catalogue.entry(code, DAY)


def test_each_entry_links_to_the_module_of_its_stage(campaign, election):
    calon = next(m for m in learning.modules().values() if m.stage == "calon")
    entry = _entry("DS-06")
    assert entry.stage == "calon"
    [link] = explainers.module_links([entry], "pilkada", DAY)
    assert link.url == reverse("prevention:module", args=[election.code, calon.slug])
    assert calon.title.id in link.text


def test_no_election_with_a_campaign_no_link(election):
    assert explainers.module_links([_entry("DS-06")], "pilkada", DAY) == []


def test_another_family_finds_no_module(campaign):
    assert explainers.module_links([_entry("DS-06")], "pemilu", DAY) == []


def test_the_app_registers_it_and_the_check_page_shows_it(client, campaign, election):
    assert explainers.module_links in rules_explainers._registered
    page = client.get(
        reverse("rules:check"),
        {
            "act": "social_media_support",
            "interaction": "like",
            "incident_date": "2024-10-01",
            "election_kind": "pilkada",
            "designation_date": "2024-09-22",
        },
    )
    module_url = reverse("prevention:module", args=[election.code, "setelah-penetapan"])
    assert module_url in page.content.decode()
    assert reverse("reports:start") in page.content.decode()
