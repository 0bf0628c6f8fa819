"""The hand-written development set: its shape, and the shipped detector's figures on it."""

import json
from collections import Counter

import pytest

from netral.monitoring.pipeline import devset


def _lines():
    for name in devset.ELECTIONS:
        path = devset.DEVSET_DIR / f"{name}.jsonl"
        yield from (json.loads(line) for line in path.read_text("utf-8").splitlines())


def test_the_devset_has_400_posts_in_four_elections_with_every_form():
    rows = list(_lines())
    assert len(rows) >= 400
    assert {row["election"] for row in rows} == set(devset.ELECTIONS)
    forms = Counter(row["category"] for row in rows)
    for form in ("rally", "relawan", "deklarasi", "survei", "serangan", "arah", "janji"):
        assert forms[f"campaign:{form}"] >= 15
    for form in ("grup", "jabatan"):
        assert forms[f"campaign:{form}"] >= 15
    for form in ("namesake", "civic", "netral", "berita", "lelucon", "foto"):
        assert forms[f"neutral:{form}"] >= 15
    assert len({row["id"] for row in rows}) == len(rows)


def test_the_devset_is_not_generator_output():
    """No devset text appears in the generator's template files."""
    from netral.monitoring.pipeline import corpus

    templates = "".join(
        corpus.election_path(name).parent.joinpath(name).read_text("utf-8")
        for name in ("train.yaml", "heldout.yaml")
    ).lower()
    rows = list(_lines())
    long = [row for row in rows if len(row["text"].split()) >= 4]
    assert not [row["id"] for row in long if row["text"].lower() in templates]


@pytest.mark.django_db(databases=[])
def test_the_shipped_detector_meets_the_devset_targets_and_beats_keywords():
    found = devset.run()
    detector, keywords = found["detector"], found["keywords"]
    assert detector["macro_f1"] >= 0.92
    assert detector["classes"]["campaign"]["recall"] >= 0.90
    assert detector["classes"]["campaign"]["precision"] >= 0.90
    assert detector["macro_f1"] - keywords["macro_f1"] >= 0.10
    assert found["by_form"]["neutral:namesake"]["accuracy"] >= 0.9
