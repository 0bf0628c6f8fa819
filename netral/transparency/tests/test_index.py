"""The neutrality index against hand-worked values, its data file, and the recognition chain
(list → certificate → public verification)."""

import pytest
import yaml
from django.urls import reverse
from pydantic import ValidationError

from netral.transparency import index


def test_the_data_file_is_valid_and_versioned():
    spec = index.spec()
    assert spec.version and spec.citation
    assert spec.confidence == "R" and spec.reason  # no regulation sets these weights
    assert abs(sum(c.weight for c in spec.components) - 1) < 1e-9


def test_weights_that_do_not_add_up_are_refused(tmp_path):
    data = yaml.safe_load(index.DATA.read_text(encoding="utf-8"))
    data["components"][0]["weight"] = 0.9
    broken = tmp_path / "index.yaml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValidationError):
        index.spec(broken)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"follow_up": 1.0, "timeliness": 0.5}, 81.2),  # (0.5·1 + 0.3·0.5) / 0.8 = 81.25
        ({"follow_up": 0.5, "timeliness": 1.0}, 68.8),  # (0.25 + 0.3) / 0.8 = 68.75
        ({"timeliness": 0.5}, 50.0),  # follow-up missing: its weight is left out
        ({"follow_up": None, "timeliness": None}, None),
        ({"violations_per_1000_asn": 0.0, "timeliness": 1.0}, 100.0),  # unavailable: ignored
    ],
)
def test_score_by_hand(values, expected):
    assert index.score(values, index.spec()) == expected


def test_values_outside_zero_to_one_are_refused():
    with pytest.raises(ValueError):
        index.score({"timeliness": 1.5}, index.spec())


def test_verification_codes_are_keyed_and_distinct():
    a = index.verification_code("pilkada-x", "AG-1", "2026.1")
    assert a == index.verification_code("pilkada-x", "AG-1", "2026.1")
    assert a != index.verification_code("pilkada-x", "AG-2", "2026.1")
    assert len(a) == 14 and a.count("-") == 2


@pytest.mark.django_db
def test_recognition_certificate_and_verification(client, open_case, pilkada_bantul, settings):
    settings.NETRAL_PUBLIC_MIN_COUNT = 1
    for n in range(5):
        open_case(title=f"Kasus {n}")
    page = client.get(reverse("transparency:recognition", args=[pilkada_bantul.code]))
    assert page.status_code == 200
    agency = "PEMDA-3402-DISDIK"  # the agency of the fixtures' civil servant
    url = reverse("transparency:certificate", args=[pilkada_bantul.code, agency])
    assert url in page.content.decode()
    certificate = client.get(url, {"format": "html"})
    assert certificate.status_code == 200
    code = index.verification_code(pilkada_bantul.code, agency, index.spec().version)
    assert code in certificate.content.decode()
    valid = client.get(reverse("transparency:verify"), {"kode": code.lower()})
    assert "Dinas Pendidikan Kabupaten Bantul" in valid.content.decode()
    invalid = client.get(reverse("transparency:verify"), {"kode": "AAAA-BBBB-CCCC"})
    assert "Dinas Pendidikan Kabupaten Bantul" not in invalid.content.decode()
    pdf = client.get(url)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] in ("application/pdf", "text/html; charset=utf-8")
    if pdf["Content-Type"] == "application/pdf":
        assert pdf.content.startswith(b"%PDF")
    missing = client.get(reverse("transparency:certificate", args=[pilkada_bantul.code, "NOPE"]))
    assert missing.status_code == 404


@pytest.mark.django_db
def test_too_few_cases_are_not_scored(client, open_case, pilkada_bantul):
    open_case()
    page = client.get(reverse("transparency:neutrality"), {"election": pilkada_bantul.code})
    assert page.status_code == 200
    assert "PEMDA-3402-DISDIK" not in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "says", "stale"),
    [
        ("id", "tidak dihitung dalam versi ini", ("belum tersedia", "belum ada dalam registri",
                                                  "setelah aplikasi pencegahan mencatat")),
        ("en", "not computed in this version", ("not yet available", "not yet in the registry",
                                                "once the prevention app records")),
    ],
)  # fmt: skip
def test_the_method_text_says_what_the_index_computes(client, regions, settings, lang, says, stale):
    """The prevention app records pledges and module passes and the registry counts civil
    servants, but the index computes follow-up and timeliness only: the page says so."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    page = client.get(reverse("transparency:neutrality")).content.decode()
    for words in stale:
        assert words not in page
    assert page.count(says) == 3
    used = {c.key for c in index.spec().components if c.available and c.weight > 0}
    assert used == {"follow_up", "timeliness"}  # the values selectors._neutrality computes
