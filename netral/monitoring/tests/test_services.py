"""Review actions, events, promotion to a case, bundles, link suggestions, label export."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from netral.cases.models import Case
from netral.monitoring import evidence, services
from netral.monitoring.models import (
    AccountEvent,
    Finding,
    FindingEvent,
    LabelledExample,
    WatchedAccount,
)
from netral.registry.models import SocialAccount
from netral.registry.tests.factories import AgencyFactory, CivilServantFactory

pytestmark = pytest.mark.django_db


def _finding(external_id="fb-1001"):
    return Finding.objects.get(item__external_id=external_id)


def test_dismiss_stores_a_neutral_example_and_an_event(imported, bawaslu_bantul_officer, now):
    finding = services.dismiss_finding(
        finding=_finding(), reason="Unggahan satire", by=bawaslu_bantul_officer, now=now
    )
    assert finding.status == Finding.Status.DISMISSED
    example = LabelledExample.objects.get(finding=finding)
    assert (example.label, example.reason) == ("neutral", "Unggahan satire")
    event = finding.events.get(type=FindingEvent.Type.DISMISSED)
    assert event.actor == bawaslu_bantul_officer and event.payload["reason"] == "Unggahan satire"


def test_dismiss_without_reason_is_refused(imported, bawaslu_bantul_officer, now):
    with pytest.raises(ValidationError):
        services.dismiss_finding(
            finding=_finding(), reason="  ", by=bawaslu_bantul_officer, now=now
        )
    assert _finding().status == Finding.Status.NEW


def test_a_dismissed_finding_cannot_be_promoted(imported, bawaslu_bantul_officer, now):
    finding = services.dismiss_finding(
        finding=_finding(), reason="x", by=bawaslu_bantul_officer, now=now
    )
    with pytest.raises(services.ActionRefused):
        services.promote_finding_to_case(finding=finding, by=bawaslu_bantul_officer, now=now)
    assert not Case.objects.exists()


def test_confirm_then_promote_opens_a_finding_case_with_the_evidence(
    imported, bawaslu_bantul_officer, now
):
    finding = services.confirm_finding(finding=_finding(), by=bawaslu_bantul_officer, now=now)
    finding = services.promote_finding_to_case(finding=finding, by=bawaslu_bantul_officer, now=now)
    case = Case.objects.get(code=finding.case_code)
    assert case.origin == Case.Origin.FINDING
    assert case.channel == Case.Channel.MONITORING
    assert case.election == finding.election
    assert finding.item.sha256 in case.summary
    assert finding.item.url in case.summary
    assert case.owner.name == "Bawaslu Kabupaten Bantul"
    types = list(finding.events.values_list("type", flat=True))
    assert types == ["flagged", "confirmed", "promoted"]
    assert finding.events.get(type="promoted").payload["case"] == case.code
    assert LabelledExample.objects.get(finding=finding).label == "campaign"


def test_events_are_append_only(imported):
    event = _finding().events.get()
    event.payload = {"changed": True}
    with pytest.raises(ValueError):
        event.save()


def test_bundle_verifies_with_its_manifest(imported):
    finding = _finding()
    data = evidence.bundle_zip(evidence.bundle_files(finding.item, finding))
    archive = zipfile.ZipFile(io.BytesIO(data))
    manifest = archive.read("MANIFEST.sha256").decode()
    listed = dict(reversed(line.split("  ", 1)) for line in manifest.splitlines())
    assert set(listed) == set(archive.namelist()) - {"MANIFEST.sha256"}
    for name, digest in listed.items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
    item = json.loads(archive.read("item.json"))
    assert hashlib.sha256(archive.read("canonical.json")).hexdigest() == item["sha256"]
    assert hashlib.sha256(archive.read("capture.warc.gz")).hexdigest() == item["warc_sha256"]
    assert "sha256sum -c MANIFEST.sha256" in archive.read("README.txt").decode()
    assert data == evidence.bundle_zip(evidence.bundle_files(finding.item, finding))


def test_bundle_download_is_recorded(imported, bawaslu_bantul_officer, now):
    finding = _finding()
    services.record_bundle_download(finding=finding, by=bawaslu_bantul_officer, now=now, sha256="a")
    assert finding.events.filter(type="bundle_downloaded", actor=bawaslu_bantul_officer).exists()


@pytest.fixture
def teacher(regions):
    agency = AgencyFactory(name="Dinas Pendidikan Kabupaten Bantul", region=regions["bantul"])
    return CivilServantFactory(name="Sri Handayani", agency=agency, position="Guru Ahli Pertama")


def test_suggestions_never_link_by_themselves(imported, teacher, now):
    account = WatchedAccount.objects.get(handle="sri.handayani.guru")
    [suggestion] = services.suggest_links(account=account, now=now)
    assert suggestion.civil_servant == teacher
    assert suggestion.reasons["name"] == 100
    assert "pendidikan" in suggestion.reasons["agency"] and "guru" in suggestion.reasons["position"]
    account.refresh_from_db()
    assert account.civil_servant is None
    assert not SocialAccount.objects.exists()


def test_confirming_a_suggestion_declares_the_account(
    imported, teacher, bawaslu_bantul_officer, now
):
    account = WatchedAccount.objects.get(handle="sri.handayani.guru")
    [suggestion] = services.suggest_links(account=account, now=now)
    declared = services.confirm_link(suggestion=suggestion, by=bawaslu_bantul_officer, now=now)
    assert (declared.civil_servant, declared.platform, declared.handle) == (
        teacher,
        "facebook",
        "sri.handayani.guru",
    )
    account.refresh_from_db()
    assert account.civil_servant == teacher
    event = account.events.get()
    assert event.type == AccountEvent.Type.LINK_CONFIRMED and event.actor == bawaslu_bantul_officer
    with pytest.raises(ValidationError):
        services.confirm_link(suggestion=suggestion, by=bawaslu_bantul_officer, now=now)


def test_a_declared_account_is_linked_on_import(bantul_election, teacher, now):
    from netral.registry import services as registry_services

    from .conftest import SAMPLE, import_lines

    registry_services.declare_social_account(
        civil_servant=teacher, platform="facebook", handle="@Sri.Handayani.Guru", now=now
    )
    import_lines(bantul_election, SAMPLE.read_bytes())
    assert _finding().item.account.civil_servant == teacher


def test_unrelated_names_get_no_suggestion(imported, teacher, now):
    account = WatchedAccount.objects.get(handle="pak.darmo", platform="facebook")
    assert services.suggest_links(account=account, now=now) == []


def test_candidate_accounts_come_from_the_election(bantul_election, now):
    assert services.sync_candidate_accounts(election=bantul_election, now=now) == 3
    assert services.sync_candidate_accounts(election=bantul_election, now=now) == 0
    facebook = WatchedAccount.objects.get(platform="facebook", kind="calon")
    assert (facebook.handle, facebook.candidate_number) == ("harumbantul", 1)


def test_export_labels_writes_evaluate_lines(imported, bawaslu_bantul_officer, now, tmp_path):
    services.dismiss_finding(
        finding=_finding(), reason="Satire", by=bawaslu_bantul_officer, now=now
    )
    services.confirm_finding(finding=_finding("x-1012"), by=bawaslu_bantul_officer, now=now)
    output = tmp_path / "labels.jsonl"
    call_command("monitor", "export-labels", "--output", str(output))
    lines = [json.loads(line) for line in output.read_text().splitlines()]
    assert [(line["label"], line["reason"]) for line in lines] == [
        ("neutral", "Satire"),
        ("campaign", ""),
    ]
    assert lines[1]["kind"] == "like" and lines[1]["interaction"] == "follow"


def test_import_command_is_idempotent(bantul_election, capsys):
    from .conftest import SAMPLE

    call_command("monitor", "import", "--election", bantul_election.code, "--input", str(SAMPLE))
    first = capsys.readouterr()
    call_command("monitor", "import", "--election", bantul_election.code, "--input", str(SAMPLE))
    second = capsys.readouterr()
    assert "20" in first.out and "poke" in first.err
    assert second.out.startswith("0 ")
    assert Finding.objects.count() > 0


def test_import_command_rejects_an_unknown_election(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("monitor", "import", "--election", "tidak-ada", "--input", "x.jsonl")
