"""Catalogue fields other apps use to pick a code or a sanction."""

import datetime as dt

from django import forms

from netral.rules import forms as rules_forms


class PickForm(forms.Form):
    code = rules_forms.CatalogueCodeField(categories=["HD_BERAT", "PTDH"])
    old_code = rules_forms.CatalogueCodeField(on=dt.date(2020, 1, 1), required=False)
    sanction = rules_forms.SanctionField(codes=["PP94-SEDANG-6", "PP94-BERAT-TURUN"])


def test_code_field_accepts_catalogue_codes_of_its_categories():
    form = PickForm({"code": "DS-05", "sanction": "PP94-SEDANG-6"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["code"] == "DS-05"


def test_code_field_refuses_other_codes():
    form = PickForm({"code": "KE-01", "sanction": "PTDH-PNS-UU20"})
    assert not form.is_valid()
    assert set(form.errors) == {"code", "sanction"}


def test_choices_are_grouped_by_category():
    groups = dict(rules_forms.catalogue_code_choices(categories=["ETIK_MORAL"]))
    assert len(groups) == 1
    (options,) = groups.values()
    assert [code for code, _ in options] == [f"KE-0{i}" for i in range(1, 8)]


def test_check_form_builds_facts():
    form = rules_forms.CheckForm(
        {
            "act": "banner",
            "incident_date": "2024-10-01",
            "election_kind": "pilkada",
            "campaign_start": "2024-09-25",
            "campaign_end": "2024-11-23",
        }
    )
    assert form.is_valid(), form.errors
    facts = form.to_facts()
    assert facts.campaign_period == (dt.date(2024, 9, 25), dt.date(2024, 11, 23))
    assert facts.target_status is None and facts.asn_kind is None
