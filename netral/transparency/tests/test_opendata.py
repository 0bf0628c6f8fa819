"""The open-data files against their README: every field documented, every value of its kind."""

import csv
import io
import json

import pytest
from django.urls import reverse

from netral.transparency import opendata

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", list(opendata.DATASETS))
def test_files_match_their_readme(client, at_ppk, name):
    readme = client.get(reverse("transparency:readme")).content.decode()
    dataset = opendata.DATASETS[name]
    assert f"## {name}" in readme
    for field in dataset.fields:
        assert f"| `{field.name}` | {field.kind} |" in readme
    kinds = {field.name: field.kind for field in dataset.fields}

    body = client.get(reverse("transparency:dataset", args=[name, "json"]))
    document = json.loads(body.content)
    assert document["licence"] == "CC-BY-4.0"
    assert document["as_of"] and document["threshold"] == 5
    for row in document["rows"]:
        assert list(row) == list(kinds)
        for key, value in row.items():
            assert opendata.valid_value(kinds[key], value, 5), (key, value)

    response = client.get(reverse("transparency:dataset", args=[name, "csv"]))
    text = b"".join(response.streaming_content).decode()
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == list(kinds)
    assert len(table) - 1 == len(document["rows"])
    for line in table[1:]:
        for key, value in zip(table[0], line, strict=True):
            parsed: object = value
            if kinds[key] in (opendata.COUNT, opendata.RANK) and value.isdigit():
                parsed = int(value)
            elif kinds[key] == opendata.RATE and value:
                parsed = float(value)
            assert opendata.valid_value(kinds[key], parsed, 5), (key, value)


def test_stable_per_election_address(client, at_ppk, pilkada_bantul):
    url = reverse(
        "transparency:election_dataset", args=[pilkada_bantul.code, "kepatuhan-ppk", "json"]
    )
    assert url == "/publik/data/pemilu/pilkada-bantul-2024/kepatuhan-ppk.json"
    document = json.loads(client.get(url).content)
    assert document["scope"] == {"election": "pilkada-bantul-2024"}
    assert document["rows"][0]["received"] == "<5"


def test_api_lists_and_serves_datasets_and_is_in_openapi(client, at_ppk):
    listed = client.get("/api/public/datasets").json()
    assert {item["name"] for item in listed} == set(opendata.DATASETS)
    answer = client.get("/api/public/datasets/kasus-per-tahap")
    assert answer.status_code == 200 and answer.json()["rows"][-1]["stage"] == "TOTAL"
    missing = client.get("/api/public/datasets/nothing")
    assert missing.status_code == 404 and "detail" in missing.json()
    unknown = client.get("/api/public/datasets/kasus-per-tahap", {"election": "nope"})
    assert unknown.status_code == 404
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/public/datasets/{name}" in paths


def test_shared_field_groups_are_spliced_in_order():
    league = [f.name for f in opendata.DATASETS["kepatuhan-ppk"].fields]
    assert league[2:9] == [
        "received",
        "followed",
        "lighter",
        "not_followed",
        "overdue",
        "pending",
        "other",
    ]


@pytest.mark.parametrize(
    ("fields", "refusal"),
    [
        ("- {name: a, kind: money, description: x}", "kind"),
        ("- {name: a, kind: count}", "description"),
        ("- group: missing", "no field group 'missing'"),
    ],
)
def test_a_malformed_dataset_file_is_refused_naming_the_fault(tmp_path, fields, refusal):
    path = tmp_path / "datasets.yaml"
    path.write_text(
        "datasets:\n  - name: d\n    title: {id: judul, en: title}\n"
        f"    description: {{id: isi, en: contents}}\n    fields:\n      {fields}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=refusal):
        opendata.load(path)


@pytest.mark.parametrize(
    "title", ["Cases by stage", "{id: Kasus per tahap}", "{id: Kasus per tahap, en: ''}"]
)
def test_a_dataset_title_in_one_language_only_is_refused(tmp_path, title):
    path = tmp_path / "datasets.yaml"
    path.write_text(
        f"datasets:\n  - name: d\n    title: {title}\n    description: {{id: isi, en: contents}}\n"
        "    fields:\n      - {name: a, kind: count, description: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="title"):
        opendata.load(path)
