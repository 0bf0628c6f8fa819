"""Each data file is checked by its pydantic schema; a mistake names the file, item and field."""

import pytest
import yaml

from netral.rules import deadline_data, loader, schema
from netral.rules.tests.datafiles import edit

SKB = "catalogue/2022-09-22-skb2022.yaml"

# (file, text to replace, replacement, message expected among the problems)
BROKEN = [
    (
        SKB,
        "    stage: bakal_calon\n",
        "    stage: soon\n",
        "2022-09-22-skb2022.yaml: entry KE-01: stage: Input should be",
    ),
    (
        SKB,
        "    families: [pilkada, pemilu]\n",
        "    families: [pilpres]\n",
        "entry KE-01: families[0]: Input should be 'pilkada' or 'pemilu', not 'pilpres'",
    ),
    (
        SKB,
        "    forward_to: [ASN_AUTHORITY]\n",
        "    forward_to: [NOWHERE]\n",
        "entry KE-01: forward_to: 'NOWHERE' is not a body",
    ),
    (
        SKB,
        "    subjects: [pns, pppk]\n",
        "    subjects: [pns, lurah]\n",
        "entry KE-01: subjects: 'lurah' is not a subject",
    ),
    (
        SKB,
        "    subjects: [pns, pppk]\n",
        "    subjetcs: [pns, pppk]\n",
        "entry KE-01: subjetcs: Extra inputs are not permitted",
    ),
    (SKB, "valid_to: 2023-10-30\n", "", "2022-09-22-skb2022.yaml: valid_to: Field required"),
    (
        "catalogue/2010-pp53.yaml",
        "  - {code: DS-02, legal_basis: *pp53_ds}",
        "  - {code: DS-02, legal_basis: []}",
        "2010-pp53.yaml: entry DS-02: legal_basis: List should have at least 1 item",
    ),
    (
        "catalogue/2021-08-31-pp94.yaml",
        'based_on: "2022-09-22"',
        'based_on: "2099"',
        "2021-08-31-pp94.yaml: based_on: version '2099' does not exist",
    ),
    (
        "sanctions.yaml",
        "    confidence: V\n",
        "    confidence: X\n",
        "sanction PP42-TERTUTUP: confidence: Input should be 'V', 'P' or 'R', not 'X'",
    ),
    (
        "sanctions.yaml",
        "custody: penjara",
        "custody: jail",
        "sanctions.yaml: sanction PIDANA-UU10-188: penalty: custody",
    ),
    (
        "categories.yaml",
        "    pppk_confidence: R\n    pppk_note:\n",
        "    pppk_confidence: R\n    pppk_notes:\n",
        "categories.yaml: category ETIK_MORAL: pppk_note: an unverified (P/R) item must say why",
    ),
    (
        "subjects.yaml",
        "    report_to: [BAWASLU, TNI_POLRI]",
        "    report_to: [BAWASLU, ARMY]",
        "subjects.yaml: subject tni_polri: report_to: 'ARMY' is not a body",
    ),
    (
        "authorities.yaml",
        "  - body: BKN\n",
        "  - body: KPK\n",
        "authorities.yaml: recommending_body KPK: 'KPK' is not a body",
    ),
    (
        "authorities.yaml",
        "    valid_from: 2024-08-24",
        "    valid_from: 2024-08-30",
        "authorities.yaml: recommending_body: gap between KASN (ends 2024-08-23) and BKN",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), BROKEN, ids=[b[3][:50] for b in BROKEN])
def test_a_mistake_in_the_catalogue_names_its_place(data, file, old, new, message):
    edit(data / file, old, new)
    with pytest.raises(loader.CatalogueError) as error:
        loader.load_catalogue(data)
    assert any(message in problem for problem in error.value.problems), error.value.problems


ACTS_BROKEN = [
    (
        "      - {codes: [DS-05]}",
        "      - {codes: []}",
        "act party_membership: outcomes[0]: codes: Value should have at least 1 item",
    ),
    (
        "{when: {stage: bakal_calon}, codes: [KE-05]}",
        "{when: {stage: bakal}, codes: [KE-05]}",
        "acts.yaml: act photo_with_gesture: outcomes[0]: when: stage: 'bakal' is not a stage",
    ),
    (
        "  designation_day_is: calon",
        "  designation_day_is: tomorrow",
        "acts.yaml: stage_boundary: designation_day_is",
    ),
    (
        "    outcomes:\n      - {codes: [DS-13]}",
        "    outcomes: []",
        "acts.yaml: act other: an act has either 'outcomes' or 'allowed'",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "message"), ACTS_BROKEN, ids=[b[2][:50] for b in ACTS_BROKEN]
)
def test_a_mistake_in_the_act_vocabulary_names_its_place(data, old, new, message):
    catalogue = loader.load_catalogue(data)
    edit(data / "acts.yaml", old, new)
    with pytest.raises(loader.CatalogueError) as error:
        loader.load_vocabulary(catalogue, data)
    assert any(message in problem for problem in error.value.problems), error.value.problems


def _deadlines():
    return yaml.safe_load((loader.DATA_DIR / "deadlines.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("unit", "weeks", "deadlines.yaml: rule pilkada.report: unit: Input should be"),
        (
            "amount",
            0,
            "deadlines.yaml: rule pilkada.report: amount: Input should be greater than 0",
        ),
        ("family", "pilpres", "deadlines.yaml: rule pilkada.report: family: Input should be"),
        (
            "colour",
            "red",
            "deadlines.yaml: rule pilkada.report: colour: Extra inputs are not permitted",
        ),
    ],
)
def test_a_mistake_in_a_deadline_rule_names_its_place(field, value, message):
    data = _deadlines()
    data["rules"][0].pop("election_kind", None)
    data["rules"][0][field] = value
    with pytest.raises(loader.CatalogueError, match=message):
        deadline_data.parse_rules(data)


def test_a_deadline_rule_takes_its_family_under_either_name():
    data = _deadlines()
    rule = data["rules"][0]
    rule["family"] = rule.pop("election_kind", "pilkada")
    assert deadline_data.parse_rules(data)[rule["key"]].family == "pilkada"


def test_an_unverified_deadline_without_a_note_is_refused():
    data = _deadlines()
    del data["rules"][3]["note"]  # pemilu.report is P
    with pytest.raises(loader.CatalogueError, match="rule pemilu.report: note: an unverified"):
        deadline_data.parse_rules(data)


def test_a_deadline_key_given_twice_is_refused():
    data = _deadlines()
    data["rules"].append(dict(data["rules"][0]))
    with pytest.raises(loader.CatalogueError, match="keys appear twice: pilkada.report"):
        deadline_data.parse_rules(data)


def test_a_holiday_outside_its_year_is_refused(data):
    edit(data / "holidays.yaml", "{date: 2024-01-01,", "{date: 2023-01-01,")
    problems: list[str] = []
    assert loader.read_file(schema.HolidaysFile, data, "holidays.yaml", problems) is None
    assert problems == ["holidays.yaml: year 2024: dates outside 2024: 2023-01-01"]


def test_the_shipped_holidays_load():
    assert len(deadline_data.shipped_holiday_days()) > 50
