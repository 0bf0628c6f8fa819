"""The PPK's decree against the recommendation: the outcome derived from the catalogue's severity
order, the decree's own checks, and BKN's answer to the reason for a lighter or no sanction."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from netral.cases import adapters, services, workflow
from netral.cases.models import (
    CaseDecision,
    CaseEvent,
    DecreeOutcome,
    Notification,
    Recommendation,
    derive_outcome,
)
from netral.cases.services import inputs
from netral.cases.tests.conftest import NOW, REASON, decree_pdf, walk

FOLLOWED, LIGHTER, NOT_FOLLOWED = (
    DecreeOutcome.FOLLOWED,
    DecreeOutcome.FOLLOWED_LIGHTER,
    DecreeOutcome.NOT_FOLLOWED,
)
WHY = "Terlapor baru pertama kali melanggar dan sudah meminta maaf secara terbuka."
BKN_WHY = "Alasan itu tidak mengubah beratnya pelanggaran netralitas yang terbukti."


@pytest.mark.parametrize(
    ("recommended", "imposed", "expected"),
    [
        (2, 2, FOLLOWED),  # the same level
        (2, 3, FOLLOWED),  # heavier
        (2, 1, LIGHTER),
        (2, 0, LIGHTER),
        (2, None, NOT_FOLLOWED),  # no sanction
        (None, 0, FOLLOWED),  # nothing ranked to compare with: any sanction follows
        (None, None, NOT_FOLLOWED),
    ],
)
def test_the_outcome_is_derived_from_the_two_ranks(recommended, imposed, expected):
    assert derive_outcome(recommended=recommended, imposed=imposed) == expected


@pytest.mark.parametrize(
    ("category", "sanction", "expected"),
    [
        ("HD_SEDANG", "PP94-SEDANG-6", FOLLOWED),
        ("HD_SEDANG", "PP94-BERAT-TURUN", FOLLOWED),
        ("HD_SEDANG", "PP94-RINGAN-TERTULIS", LIGHTER),
        ("HD_SEDANG", "PP42-TERTUTUP", LIGHTER),  # the case: moral for sedang
        ("HD_SEDANG", "", NOT_FOLLOWED),
        ("HD_BERAT", "PP94-SEDANG-12", LIGHTER),
        ("ETIK_MORAL", "PP42-TERTUTUP", FOLLOWED),
        ("ETIK_MORAL", "PP94-RINGAN-LISAN", FOLLOWED),
    ],
)
def test_the_catalogue_orders_the_sanctions(category, sanction, expected):
    recommendation = Recommendation(sanction_category=category)
    assert CaseDecision.outcome_of(recommendation, sanction) == expected


def test_the_ppk_chooses_among_the_sanctions_of_the_codes_regime_lightest_first():
    allowed = list(adapters.sanctions_for_codes(["DS-06"]))
    assert allowed[0].startswith("PP94-RINGAN") and allowed[-1].startswith("PP94-BERAT")
    assert "PP94-SEDANG-6" in allowed
    assert not any(code.startswith(("PP42", "PP53", "PIDANA")) for code in allowed)


def _decree(**changes):
    values = {
        "decree_number": "800/9/2024",
        "decree_signatory": "Bupati Bantul",
        "decree_date": dt.date(2024, 10, 7),
        "sanction": "PP94-SEDANG-6",
        "reasoning": REASON,
        "deviation_reason": WHY,
    }
    return services.PpkDecision(**{**values, **changes})


def _record(case, officer, **changes):
    upload = changes.pop("decree_file", None)
    return services.record_ppk_decision(
        case=case, by=officer, now=NOW, decision=_decree(**changes), decree_file=upload
    )


def test_a_lighter_decree_with_a_reason_tells_bkn_and_awaits_its_answer(
    at_ppk, ppk_officer, bkn_officer
):
    case = _record(at_ppk, ppk_officer, decree_file=decree_pdf())
    decision = case.decisions.get(kind="ppk_decree")
    assert decision.outcome == LIGHTER and decision.deviation_reason == WHY
    assert len(decision.decree_sha256) == 64 and decision.decree_content_type == "application/pdf"
    assert case.recommendations.get().outcome == LIGHTER
    assert services.decision_awaiting_review(case) == decision
    notice = Notification.objects.get(user=bkn_officer, kind=Notification.Kind.DEVIATED)
    assert case.code in notice.message


def test_no_sanction_is_not_followed(at_ppk, ppk_officer):
    case = _record(at_ppk, ppk_officer, sanction="NONE")
    decision = case.decisions.get(kind="ppk_decree")
    assert decision.sanction == "" and decision.outcome == NOT_FOLLOWED


def test_a_compliant_decree_keeps_no_reason_and_awaits_nothing(at_ppk, ppk_officer):
    case = _record(at_ppk, ppk_officer, sanction="PP94-BERAT-TURUN")
    decision = case.decisions.get(kind="ppk_decree")
    assert decision.outcome == FOLLOWED and decision.deviation_reason == ""
    assert services.decision_awaiting_review(case) is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"decree_date": dt.date(2024, 10, 1)}, "decree_date"),  # before the recommendation
        ({"deviation_reason": ""}, "deviation_reason"),
        ({"decree_file": SimpleUploadedFile("sk.docx", b"PK\x03\x04 not a pdf")}, "decree_file"),
    ],
)
def test_a_bad_decree_is_refused_on_its_field_and_changes_nothing(
    at_ppk, ppk_officer, changes, field
):
    version = at_ppk.version
    with pytest.raises(ValidationError) as refused:
        _record(at_ppk, ppk_officer, **changes)
    assert field in refused.value.message_dict
    at_ppk.refresh_from_db()
    assert at_ppk.version == version and at_ppk.state == workflow.State.RECOMMENDED
    assert not at_ppk.decisions.filter(kind="ppk_decree").exists()


def test_a_decree_file_over_the_evidence_limit_is_refused(at_ppk, ppk_officer, settings):
    settings.NETRAL_EVIDENCE_MAX_BYTES = 10
    with pytest.raises(ValidationError) as refused:
        _record(at_ppk, ppk_officer, decree_file=decree_pdf())
    assert "decree_file" in refused.value.message_dict


@pytest.fixture
def lighter(at_ppk, ppk_officer):
    return _record(at_ppk, ppk_officer)


def test_bkn_accepts_the_reason_once(lighter, bkn_officer):
    case = services.review_ppk_reason(
        case=lighter, by=bkn_officer, now=NOW, accept=True, reason=BKN_WHY
    )
    decision = case.decisions.get(kind="ppk_decree")
    assert decision.reason_review == "accepted" and decision.reason_review_text == BKN_WHY
    assert decision.outcome == LIGHTER  # accepted is still not compliance
    assert case.state == workflow.State.FOLLOW_UP
    assert case.events.filter(type=CaseEvent.Type.PPK_REASON_ACCEPTED).count() == 1
    version = case.version
    with pytest.raises(services.ActionRefused) as refused:
        services.review_ppk_reason(case=case, by=bkn_officer, now=NOW, accept=True, reason=BKN_WHY)
    assert refused.value.code == "answered"
    case.refresh_from_db()
    assert case.version == version


def test_a_refused_reason_sends_the_case_back_to_the_ppk_on_its_deadline(
    lighter, bkn_officer, ppk_officer
):
    case = services.review_ppk_reason(
        case=lighter, by=bkn_officer, now=NOW, accept=False, reason=BKN_WHY
    )
    assert case.state == workflow.State.RECOMMENDED and case.owner.kind == "ppk"
    recommendation = case.recommendations.get()
    step = case.steps.get(closed_at__isnull=True)
    assert step.recommendation == recommendation and step.due_at == recommendation.due_at
    assert recommendation.acted_at is None
    assert case.events.filter(type=CaseEvent.Type.PPK_REASON_REFUSED).count() == 1
    told = [n.message for n in Notification.objects.filter(user=ppk_officer, kind="decided")]
    assert told == [f"Kasus {case.code}: Alasan ditolak."]  # not only "handed over to you"


def test_an_answer_needs_bkn_s_own_reason(lighter, bkn_officer):
    with pytest.raises(ValidationError) as refused:
        services.review_ppk_reason(case=lighter, by=bkn_officer, now=NOW, accept=True, reason="")
    assert "reason" in refused.value.message_dict


def test_an_answer_on_a_stale_page_is_refused(lighter, bkn_officer):
    with pytest.raises(services.StaleCase):
        services.review_ppk_reason(
            case=lighter,
            by=bkn_officer,
            now=NOW,
            accept=True,
            reason=BKN_WHY,
            expected_version=lighter.version - 1,
        )


def test_the_ppk_cannot_answer_its_own_reason(lighter, ppk_officer):
    with pytest.raises(services.ActionRefused):
        services.review_ppk_reason(
            case=lighter, by=ppk_officer, now=NOW, accept=True, reason=BKN_WHY
        )


def test_the_ppk_form_offers_the_codes_sanctions_and_none_with_nothing_chosen(
    client_for, ppk_officer, at_ppk
):
    from django.urls import reverse

    url = reverse("cases:transition", args=[at_ppk.code, "record_ppk_decision"])
    page = client_for(ppk_officer).get(url).content.decode()
    assert 'value="PP94-RINGAN-LISAN"' in page and 'value="NONE"' in page
    assert 'value="PP42-TERTUTUP"' not in page
    options = page.split('name="sanction"')[1].split("</select>")[0]
    assert re.findall(r'<option value="([^"]*)"[^>]*selected', options) == [""]
    assert 'enctype="multipart/form-data"' in page


def test_walking_a_decree_through_the_step_form_data(at_ppk, ppk_officer):
    data = {
        "decree_number": "800/1/2024",
        "decree_signatory": "Bupati Bantul",
        "decree_date": "2024-10-07",
        "sanction": "none",
        "reasoning": REASON,
        "deviation_reason": WHY,
    }
    case = walk(at_ppk, ppk_officer, ("record_ppk_decision", data))
    assert case.decisions.get(kind="ppk_decree").outcome == NOT_FOLLOWED


def test_the_follow_up_cannot_close_while_the_ppk_reason_awaits_bkn(lighter, bkn_officer):
    close = ("close_follow_up", {"reasoning": BKN_WHY})
    version = lighter.version
    with pytest.raises(services.ActionRefused) as refused:
        walk(lighter, bkn_officer, close)
    assert refused.value.code == "reason_pending"
    lighter.refresh_from_db()
    assert lighter.version == version and lighter.state == workflow.State.FOLLOW_UP
    case = services.review_ppk_reason(
        case=lighter, by=bkn_officer, now=NOW, accept=True, reason=BKN_WHY
    )
    assert walk(case, bkn_officer, close).state == workflow.State.CLOSED


def _follow_up_badge(client, case):
    from django.urls import reverse

    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    section = page[page.index('id="rec-title"') :]
    return re.search(r'<span class="badge (\w+)">([^<]*)</span></p>', section).groups()


def test_a_lighter_decree_in_time_is_not_shown_as_followed_up(
    client_for, at_ppk, ppk_officer, bkn_officer
):
    """A lighter sanction is not compliance, as the compliance page counts it: the follow-up
    badge says the decree came in time but does not comply, in the danger colour."""
    case = _record(at_ppk, ppk_officer)
    assert case.recommendations.get().status == Recommendation.Status.ACTED_IN_TIME
    tone, label = _follow_up_badge(client_for(bkn_officer), case)
    assert (tone, label) == ("danger", "SK tepat waktu, tetapi tidak sesuai rekomendasi")


def test_a_compliant_decree_in_time_is_followed_up_in_time(
    client_for, at_ppk, ppk_officer, bkn_officer
):
    case = _record(at_ppk, ppk_officer, sanction="PP94-BERAT-TURUN")
    tone, label = _follow_up_badge(client_for(bkn_officer), case)
    assert (tone, label) == ("success", "Ditindaklanjuti tepat waktu")


def test_bkn_opens_the_signed_decree_and_the_download_is_on_the_timeline(
    client_for, at_ppk, ppk_officer, bkn_officer
):
    from django.urls import reverse

    from netral.cases.tests.conftest import PDF

    case = _record(at_ppk, ppk_officer, decree_file=decree_pdf())
    decision = case.decisions.get(kind="ppk_decree")
    client = client_for(bkn_officer)
    url = reverse("cases:decree_file", args=[case.code, decision.decree_sha256])
    assert f'href="{url}"' in client.get(reverse("cases:detail", args=[case.code])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    event = case.events.get(type=CaseEvent.Type.DOCUMENT_DOWNLOADED)
    assert event.payload["format"] == "decree"
    assert event.payload["sha256"] == decision.decree_sha256


def test_the_signed_decree_is_only_for_readers_of_the_case(
    client_for, client, at_ppk, ppk_officer, bawaslu_sleman_officer, open_case
):
    from django.urls import reverse

    case = _record(at_ppk, ppk_officer, decree_file=decree_pdf())
    decision = case.decisions.get(kind="ppk_decree")
    url = reverse("cases:decree_file", args=[case.code, decision.decree_sha256])
    assert client.get(url).status_code == 302  # to the sign-in page
    assert client_for(bawaslu_sleman_officer).get(url).status_code == 404
    other = open_case(title="Kasus lain")
    elsewhere = reverse("cases:decree_file", args=[other.code, decision.decree_sha256])
    assert client_for(ppk_officer).get(elsewhere).status_code == 404
    assert not case.events.filter(type=CaseEvent.Type.DOCUMENT_DOWNLOADED).exists()


def test_a_decree_file_gone_from_storage_is_not_found_and_records_nothing(
    client_for, at_ppk, ppk_officer, bkn_officer, decree_storage
):
    from django.urls import reverse

    case = _record(at_ppk, ppk_officer, decree_file=decree_pdf())
    decision = case.decisions.get(kind="ppk_decree")
    decree_storage.delete(decision.decree_storage_name)
    url = reverse("cases:decree_file", args=[case.code, decision.decree_sha256])
    assert client_for(bkn_officer).get(url).status_code == 404
    assert not case.events.filter(type=CaseEvent.Type.DOCUMENT_DOWNLOADED).exists()


def test_a_decree_address_with_another_hash_is_not_found(
    client_for, at_ppk, ppk_officer, bkn_officer
):
    from django.urls import reverse

    case = _record(at_ppk, ppk_officer, decree_file=decree_pdf())
    url = reverse("cases:decree_file", args=[case.code, "0" * 64])
    assert client_for(bkn_officer).get(url).status_code == 404
    assert not case.events.filter(type=CaseEvent.Type.DOCUMENT_DOWNLOADED).exists()


def test_a_follow_up_closes_with_what_the_ppk_decreed(lighter, at_ppk, bkn_officer):
    close = ("close_follow_up", {"reasoning": BKN_WHY})
    case = services.review_ppk_reason(
        case=lighter, by=bkn_officer, now=NOW, accept=True, reason=BKN_WHY
    )
    closed = walk(case, bkn_officer, close)
    assert closed.outcome == workflow.Outcome.LIGHTER_SANCTION  # never "sanctioned"


def test_a_follow_up_after_no_sanction_closes_as_no_sanction(at_ppk, ppk_officer, bkn_officer):
    case = _record(at_ppk, ppk_officer, sanction="NONE")
    case = services.review_ppk_reason(
        case=case, by=bkn_officer, now=NOW, accept=True, reason=BKN_WHY
    )
    closed = walk(case, bkn_officer, ("close_follow_up", {"reasoning": BKN_WHY}))
    assert closed.outcome == workflow.Outcome.NO_SANCTION


def test_a_follow_up_after_the_recommended_sanction_closes_as_sanctioned(
    at_ppk, ppk_officer, bkn_officer
):
    case = _record(at_ppk, ppk_officer, sanction="PP94-BERAT-TURUN", deviation_reason="")
    closed = walk(case, bkn_officer, ("close_follow_up", {"reasoning": BKN_WHY}))
    assert closed.outcome == workflow.Outcome.SANCTIONED


def test_a_criminal_category_is_refused_for_a_recommendation_to_the_ppk(at_bkn, bkn_officer):
    data = {
        "codes": ["DS-07", "KE-01"],
        "sanction_category": "CANDIDATE_PIDANA",
        "reasoning": REASON,
    }
    with pytest.raises(ValidationError) as refused:
        walk(at_bkn, bkn_officer, ("recommend_sanction", data))
    assert "Sentra Gakkumdu" in str(refused.value.message_dict["sanction_category"])
    at_bkn.refresh_from_db()
    assert not at_bkn.recommendations.exists()


def test_a_criminal_code_beside_a_discipline_code_does_not_make_the_category_a_crime(
    at_bkn, bkn_officer, ppk_officer
):
    data = {"codes": ["DS-07", "PID-01"], "reasoning": REASON}
    case = walk(at_bkn, bkn_officer, ("recommend_sanction", data))
    recommendation = case.recommendations.get()
    assert recommendation.sanction_category == "HD_BERAT"
    case = _record(case, ppk_officer, sanction="PP94-RINGAN-LISAN")
    assert case.recommendations.get().outcome == LIGHTER  # a spoken reprimand is no compliance


def test_an_over_long_ppk_reasoning_is_a_form_error_naming_the_limit(
    client_for, ppk_officer, at_ppk
):
    from django.urls import reverse

    url = reverse("cases:transition", args=[at_ppk.code, "record_ppk_decision"])
    client = client_for(ppk_officer)
    page = client.get(url).content.decode()
    assert re.search(r'<textarea[^>]*name="reasoning"[^>]*maxlength="10000"', page) or re.search(
        r'<textarea[^>]*maxlength="10000"[^>]*name="reasoning"', page
    )
    data = {
        "version": at_ppk.version,
        "decree_number": "800/1/2024",
        "decree_signatory": "Bupati Bantul",
        "decree_date": "2024-10-07",
        "sanction": "PP94-BERAT-TURUN",
        "reasoning": "a" * 200_000,
        "decree_file": decree_pdf(),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "10000" in response.content.decode().replace(".", "")
    assert not at_ppk.decisions.filter(kind="ppk_decree").exists()


@pytest.mark.parametrize(
    ("field", "limit"),
    [("reasoning", 10_000), ("deviation_reason", 10_000), ("decree_signatory", 150),
     ("note", 2_000)],
)  # fmt: skip
def test_the_decree_service_refuses_over_long_text_instead_of_cutting_it(field, limit):
    step = workflow.transition(workflow.RECORD_PPK_DECISION)
    data = {
        "decree_number": "800/1/2024",
        "decree_signatory": "Bupati Bantul",
        "decree_date": "2024-10-07",
        "sanction": "PP94-BERAT-TURUN",
        "reasoning": REASON,
        field: "b" * (limit + 1),
    }
    with pytest.raises(ValidationError) as refused:
        inputs.parse(step, data, now=NOW)
    assert list(refused.value.message_dict) == [field]
    data[field] = "b" * limit
    assert inputs.parse(step, data, now=NOW)


def test_codes_with_no_category_a_ppk_imposes_are_refused_with_the_reason(at_bkn, bkn_officer):
    data = {"codes": ["DS-13"], "reasoning": REASON}
    with pytest.raises(ValidationError) as refused:
        walk(at_bkn, bkn_officer, ("recommend_sanction", data))
    assert "Sentra Gakkumdu" in str(refused.value.message_dict["sanction_category"])


def test_the_bodies_that_handed_a_case_on_hear_how_it_closed(
    at_ppk, ppk_officer, bkn_officer, bawaslu_bantul_officer
):
    case = _record(at_ppk, ppk_officer, sanction="PP94-BERAT-TURUN", deviation_reason="")
    Notification.objects.all().delete()
    walk(case, bkn_officer, ("close_follow_up", {"reasoning": BKN_WHY}))
    told = Notification.objects.get(user=bawaslu_bantul_officer)  # Bawaslu forwarded it to BKN
    assert told.message == f"Kasus {case.code}: Sanksi dijatuhkan dan ditindaklanjuti."
    assert not Notification.objects.filter(user=bkn_officer).exists()  # BKN closed it itself
