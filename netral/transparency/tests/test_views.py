"""The public pages as an anonymous citizen: they answer, hide small counts whatever the query
string says, name nobody, and answer a link to an unknown code with a helpful 404."""

import csv
import io
import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
NO_REGION = "Tidak ada provinsi atau kabupaten/kota"

PAGES = [
    "transparency:index",
    "transparency:league",
    "transparency:statistics",
    "transparency:methodology",
    "transparency:open_data",
    "transparency:readme",
]


@pytest.mark.parametrize("name", PAGES)
def test_public_pages_answer_without_login(client, name, regions):
    response = client.get(reverse(name))
    assert response.status_code == 200


def test_home_links_to_the_public_data(client):
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("transparency:index") in page


def league_csv(client, **query):
    response = client.get(reverse("transparency:league"), {**query, "format": "csv"})
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_league_hides_a_single_recommendation(client, at_ppk):
    page = client.get(reverse("transparency:league")).content.decode()
    assert "Bupati Bantul" in page or "PPK" in page
    assert "&lt; 5" in page
    rows = league_csv(client)
    assert rows[0]["received"] == "<5" and rows[0]["pending"] == "<5"
    assert rows[-1]["ppk"] == "TOTAL" and rows[-1]["received"] == "<5"
    assert rows[0]["follow_rate"] == "" and rows[0]["rank"] == ""
    outcomes = client.get(reverse("transparency:dataset", args=["hasil-rekomendasi", "json"]))
    total = json.loads(outcomes.content)["rows"][-1]
    assert total["outcome"] == "TOTAL" and total["recommendations"] == "<5"


@pytest.mark.parametrize(
    "query",
    [
        {"threshold": "0"},
        {"min_count": "1"},
        {"NETRAL_PUBLIC_MIN_COUNT": "1"},
        {"suppress": "0"},
        {"format": "raw"},
        {"raw": "1"},
        {"debug": "1"},
    ],
)
def test_no_query_string_bypasses_suppression(client, at_ppk, query):
    page = client.get(reverse("transparency:league"), query).content.decode()
    assert "&lt; 5" in page
    data = client.get(reverse("transparency:dataset", args=["kepatuhan-ppk", "json"]), query)
    assert json.loads(data.content)["rows"][0]["received"] == "<5"
    api = client.get("/api/public/datasets/kepatuhan-ppk", query)
    assert api.json()["rows"][0]["received"] == "<5"
    stats = client.get(reverse("transparency:statistics"), query).content.decode()
    assert "&lt; 5" in stats


def test_with_a_threshold_of_one_the_counts_show_and_the_ppk_ranks(client, at_ppk, settings):
    settings.NETRAL_PUBLIC_MIN_COUNT = 1
    rows = league_csv(client)
    assert rows[0]["received"] == "1" and rows[0]["pending"] == "1"


def test_league_filters_by_election_and_region(client, at_ppk, pilkada_bantul):
    assert league_csv(client, election=pilkada_bantul.code)[0]["received"] == "<5"
    assert league_csv(client, region="34.02")[0]["received"] == "<5"
    assert [r["ppk"] for r in league_csv(client, region="34.04")] == ["TOTAL"]
    stable = client.get(reverse("transparency:election_league", args=[pilkada_bantul.code]))
    assert stable.status_code == 200 and "Pilkada Bantul 2024" in stable.content.decode()


CSV = "/publik/data/kasus-per-tahap.csv"


@pytest.mark.parametrize(
    ("url", "query", "words"),
    [
        ("/publik/kepatuhan-ppk/", {"election": "pemilu-1900"}, "Tidak ada pemilihan dengan kode"),
        (CSV, {"region": "99.99"}, NO_REGION),
        (CSV, {"region": "34.02.01"}, NO_REGION),
        (CSV, {"agency": "NOPE"}, "Tidak ada instansi dengan kode NOPE."),
        (CSV, {"region": "x" * 500}, NO_REGION),
        ("/publik/kepatuhan-ppk/", {"region": "99.99", "format": "csv"}, NO_REGION),
    ],
)
def test_unknown_codes_answer_a_helpful_404(client, regions, url, query, words):
    """A link to a code that does not exist (a download, an election off the list); a code
    typed into a page's filter is an error on its field (test_public_texts)."""
    response = client.get(url, query)
    assert response.status_code == 404
    assert words in response.content.decode()


def test_unknown_election_in_a_stable_address_is_a_404(client, pilkada_bantul):
    response = client.get(reverse("transparency:election", args=["pilkada-nowhere"]))
    assert response.status_code == 404
    assert "pilkada-bantul-2024" in response.content.decode()  # the known ones are listed
    missing = client.get(reverse("transparency:dataset", args=["nothing", "csv"]))
    assert missing.status_code == 404
    wrong = client.get(reverse("transparency:dataset", args=["kepatuhan-ppk", "xlsx"]))
    assert wrong.status_code == 404


def test_nobody_is_named_on_public_pages(client, at_ppk, servant):
    pages = [
        client.get(reverse("transparency:league")).content.decode(),
        client.get(reverse("transparency:statistics")).content.decode(),
        client.get(reverse("transparency:statistics"), {"region": "34.02"}).content.decode(),
        client.get("/api/public/datasets/kepatuhan-ppk").content.decode(),
    ]
    for page in pages:
        assert servant.name not in page
        assert servant.nip not in page
        assert at_ppk.code not in page


def test_statistics_per_election_region_and_agency(client, at_ppk, pilkada_bantul, disdik_bantul):
    for query in (
        {"election": pilkada_bantul.code},
        {"region": "34"},
        {"agency": disdik_bantul.code},
    ):
        response = client.get(reverse("transparency:statistics"), query)
        assert response.status_code == 200
        assert (
            "Figures as of" in response.content.decode() or "Angka per" in response.content.decode()
        )
    stable = client.get(reverse("transparency:election", args=[pilkada_bantul.code]))
    assert stable.status_code == 200


def test_pages_are_served_from_the_cache(client, at_ppk, django_assert_max_num_queries):
    url = reverse("transparency:league")
    client.get(url)
    with django_assert_max_num_queries(4):  # the election list of the filter, the cache read
        assert client.get(url).status_code == 200


def test_public_pages_refuse_posts(client, regions):
    assert client.post(reverse("transparency:league")).status_code == 405


def test_an_election_code_with_a_dot_has_an_address(client, regions):
    # Found by the bench: imported codes such as "pilkada-11.01" must not break the links.
    url = reverse("transparency:election", args=["pilkada-11.01"])
    assert client.get(url).status_code == 404  # unknown here, but an address, not a crash


def test_cases_by_stage_hides_a_total_made_of_hidden_counts(
    client, open_case, bawaslu_bantul_officer, pilkada_bantul
):
    """Four new cases and one under review: both counts are "< 5"; a published total of 5 here
    and in another scope would give the hidden counts back by subtraction."""
    from netral.cases.tests.conftest import walk

    cases = [open_case() for _ in range(5)]
    walk(cases[0], bawaslu_bantul_officer, "start_review")
    for query in ({}, {"election": pilkada_bantul.code}, {"region": "34.02"}, {"region": "34"}):
        rows = list(
            csv.DictReader(io.StringIO(b"".join(client.get(CSV, query).streaming_content).decode()))
        )
        assert [row["cases"] for row in rows] == ["<5", "<5", "x"], query
        data = client.get(reverse("transparency:dataset", args=["kasus-per-tahap", "json"]), query)
        assert json.loads(data.content)["rows"][-1]["cases"] == "x"
        api = client.get("/api/public/datasets/kasus-per-tahap", query)
        assert api.json()["rows"][-1]["cases"] == "x"
        page = client.get(reverse("transparency:statistics"), query).content.decode()
        section = page.split('id="stages-title"')[1].split("</section>")[0]
        assert "×" in section and ">5<" not in section
    method = client.get(reverse("transparency:methodology")).content.decode()
    assert "Jumlahnya disembunyikan (“×”) setiap kali salah satu tahapnya disembunyikan" in method
    args = [pilkada_bantul.code, "kasus-per-tahap", "csv"]
    stable = client.get(reverse("transparency:election_dataset", args=args))
    assert b"".join(stable.streaming_content).decode().splitlines()[-1].endswith(",x")


@pytest.mark.parametrize(
    "url",
    [
        "/publik/data/kasus-per-tahap.{kind}",
        "/publik/data/pemilu/pilkada-bantul-2024/kasus-per-tahap.{kind}",
        "/publik/kepatuhan-ppk/",
    ],
)
def test_a_bad_filter_on_a_download_is_an_error_a_program_reads(
    client, pilkada_bantul, settings, url
):
    """A script fetching .json or .csv gets the API's error shape or plain text, not HTML."""
    query = {"election": "zzz"} if "pemilu" not in url else {"region": "99.99"}

    def get(kind):
        if "{kind}" in url:
            return client.get(url.format(kind=kind), query)
        return client.get(url, {**query, "format": kind})

    data = get("json")
    assert data.status_code == 404 and data["Content-Type"].startswith("application/json")
    body = data.json()
    field = "election" if "pemilu" not in url else "region"
    assert body["errors"] == [{"field": field, "message": body["detail"]}]
    assert body["detail"] in (
        "Tidak ada pemilihan dengan kode zzz.",
        "Tidak ada provinsi atau kabupaten/kota dengan kode 99.99.",
    )
    text = get("csv")
    assert text.status_code == 404 and text["Content-Type"] == "text/plain; charset=utf-8"
    assert text.content.decode() == body["detail"] + "\n"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = get("csv").content.decode()
    assert english.startswith(("No election has the code zzz.", "No province or regency"))


def test_an_unknown_dataset_is_an_error_in_its_format(client, regions):
    data = client.get("/publik/data/tidak-ada.json")
    assert (
        data.status_code == 404 and data.json()["detail"] == "Tidak ada set data bernama tidak-ada."
    )
    text = client.get("/publik/data/tidak-ada.csv")
    assert text.status_code == 404 and text["Content-Type"] == "text/plain; charset=utf-8"


def test_the_api_names_the_unknown_code_too(client, regions):
    answer = client.get("/api/public/datasets/kasus-per-tahap", {"election": "zzz"})
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Tidak ada pemilihan dengan kode zzz.", "errors": []}


def test_public_pages_speak_to_citizens_not_to_operators(client, at_ppk):
    page = client.get(reverse("transparency:league")).content.decode()
    assert "Sumber sedang diperiksa" in page and "jangka waktu bawaan Netral" in page
    assert "konfigurasi" not in page and "Belum terverifikasi" not in page


def test_the_two_verification_pages_say_which_certificate_they_check(client, regions):
    award = client.get(reverse("transparency:verify")).content.decode()
    pledge = client.get(reverse("prevention:verify")).content.decode()
    assert "Verifikasi penghargaan instansi netral" in award
    assert "Verifikasi sertifikat ikrar" in pledge


def test_a_huge_unknown_code_is_never_quoted_back_whole(client, regions):
    huge = "9" * 3000
    text = client.get("/publik/data/kasus-per-tahap.csv", {"region": huge})
    assert text.status_code in (400, 404) and len(text.content) < 300
    answer = client.get("/api/public/datasets/kasus-per-tahap", {"election": "z" * 3000})
    assert len(answer.json()["detail"]) < 300
