"""Import of export files: connectors, idempotence, bad input, findings and evidence."""

import io
import json

import pytest

from netral.monitoring import connectors, evidence
from netral.monitoring.models import Finding, FindingEvent, ImportRun, Item
from netral.monitoring.tests.conftest import import_lines

pytestmark = pytest.mark.django_db


def _line(**fields):
    base = {
        "id": "1",
        "platform": "facebook",
        "author": "@pegawai",
        "kind": "post",
        "text": "Halo",
        "posted_at": "2024-10-05T08:15:00+07:00",
    }
    base.update(fields)
    return json.dumps(base, ensure_ascii=False) + "\n"


def test_sample_file_flags_campaigning_and_keeps_everything(imported):
    assert imported.status == ImportRun.Status.DONE
    assert imported.imported == 20
    assert imported.skipped == 1  # the unknown kind "poke"
    assert any("poke" in problem["message"] for problem in imported.problems)
    flagged = Finding.objects.filter(item__run=imported)
    assert flagged.count() == imported.flagged
    ids = set(flagged.values_list("item__external_id", flat=True))
    assert {"fb-1001", "ig-1002", "tt-1009"} <= ids
    assert (
        not {"x-1003", "ig-1006", "fb-1010", "ig-1011"} & ids
    )  # reminder, posyandu, family, civic


def test_a_finding_keeps_the_detector_output_and_an_event(imported):
    finding = Finding.objects.get(item__external_id="fb-1001")
    assert finding.candidate == 1
    assert finding.score >= 0.5
    assert finding.reasons and finding.signals
    assert finding.model_version.startswith("netral-linear")
    assert len(finding.config_version) == 64
    assert finding.region_code == "34.02"
    assert list(finding.events.values_list("type", flat=True)) == [FindingEvent.Type.FLAGGED]


def test_reimporting_the_same_file_adds_nothing(bantul_election, imported):
    again = import_lines(bantul_election, (connectors_sample := _sample()))
    assert again.imported == 0
    assert again.duplicates == 20
    assert Item.objects.count() == 20
    assert connectors_sample


def _sample():
    from netral.monitoring.tests.conftest import SAMPLE

    return SAMPLE.read_bytes()


def test_the_same_item_twice_in_one_file_is_one_item(bantul_election):
    run = import_lines(bantul_election, _line() + _line(author="Pegawai"))
    assert (run.imported, run.duplicates) == (1, 1)


def test_hash_is_of_the_canonical_sorted_json(imported):
    item = Item.objects.get(external_id="fb-1001")
    fields = json.loads(item.canonical)
    assert item.canonical == json.dumps(
        fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    assert item.sha256 == evidence.sha256_hex(item.canonical)
    assert fields["posted_at"] == "2024-10-05T01:15:00+00:00"
    assert fields["author"] == "sri.handayani.guru"


def test_raw_page_is_kept_as_a_warc_record(imported):
    from warcio.archiveiterator import ArchiveIterator

    item = Item.objects.get(external_id="fb-1001")
    data = evidence.read_stored(item.warc_name)
    assert evidence.sha256_hex(data) == item.warc_sha256
    records = list(ArchiveIterator(io.BytesIO(data)))
    assert records[0].rec_type == "resource"
    assert records[0].rec_headers.get_header("WARC-Target-URI").endswith("/posts/1001")
    assert Item.objects.get(external_id="x-1003").warc_name == ""


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"{not json\n", "JSON"),
        (b"[1, 2]\n", "JSON"),
        (_line(kind="poke").encode(), "poke"),
        (_line(id="").encode(), "id"),
        (_line(author="").encode(), "author"),
        (_line(text=5).encode(), "text"),
        (b"[" * 100_000 + b"\n", "JSON"),
    ],
)
def test_bad_rows_are_reported_by_line_and_skipped(bantul_election, line, message):
    run = import_lines(bantul_election, _line(id="ok").encode() + line)
    assert run.status == ImportRun.Status.DONE
    assert run.imported == 1
    assert run.skipped == 1
    assert run.problems[0]["line"] == 2
    assert (
        message in run.problems[0]["message"]
        or message.lower() in run.problems[0]["message"].lower()
    )


@pytest.mark.parametrize("text", ["", "🙏🙏🙏", "a" * 100_000, "Ayo coblos nomor 1! " * 5000])
def test_unusual_texts_are_imported(bantul_election, text):
    run = import_lines(bantul_election, _line(text=text))
    assert run.imported == 1
    assert Item.objects.get().text == text.strip()  # the canonical form is trimmed


def test_broken_utf8_is_replaced_and_reported(bantul_election):
    run = import_lines(bantul_election, _line(text="X").encode().replace(b"X", b"\xff\xfe ok"))
    assert run.imported == 1
    assert run.problems[0]["skipped"] is False
    assert "\ufffd" in Item.objects.get().text


def test_csv_connector_reads_the_same_fields(bantul_election):
    data = (
        "id,kind,platform,author,text,posted_at,shared_text\n"
        "c1,post,facebook,@guru,Ayo coblos nomor 1! #BantulHarum,2024-10-05T08:15:00+07:00,\n"
        "c2,poke,facebook,@guru,x,2024-10-05T08:15:00+07:00,\n"
    )
    run = import_lines(bantul_election, data, name="export.csv")
    assert (run.imported, run.skipped, run.flagged) == (1, 1, 1)
    assert run.problems[0]["line"] == 3


def test_connector_interface_yields_raw_items():
    connector = connectors.JsonlConnector()
    items = list(
        connector.read(io.BytesIO(_line(shared_url="https://x/1", author_bio="Guru").encode()))
    )
    assert items[0].shared_url == "https://x/1"
    assert items[0].author_bio == "Guru"
    assert items[0].posted_at.utcoffset().total_seconds() == 7 * 3600
    assert connector.problems == []
