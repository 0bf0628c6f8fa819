import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from netral.prevention import learning, selectors, services
from netral.prevention.models import CampaignEvent, ModuleAttempt
from netral.prevention.tests.conftest import NOW

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 9, 2)
MODULE = learning.modules()["sebelum-penetapan"]


def _ticket(seed=7):
    return learning.Ticket(DAY, seed)


def _right_answers(election, ticket):
    return [q.answer for q in learning.draw(MODULE, ticket.day, ticket.seed, election.family)]


def _attempt(election, nip, code, seed=7, answers=None):
    ticket = _ticket(seed)
    return services.record_attempt(
        election=election,
        nip=nip,
        code=code,
        module=MODULE,
        ticket=ticket,
        answers=_right_answers(election, ticket) if answers is None else answers,
        now=NOW,
    )


def test_every_module_has_enough_catalogue_examples_for_its_quiz():
    for module in learning.modules().values():
        questions = learning.bank(module, DAY, "pilkada")
        assert len(questions) >= module.questions
        for question in questions:
            listed = (
                question.entry.forbidden_examples
                if question.answer == learning.FORBIDDEN
                else question.entry.allowed_examples
            )
            assert question.example in listed
            assert question.entry.stage in (module.stage, "any")


def test_a_draw_is_fixed_by_its_seed_and_the_pass_mark_decides():
    first = learning.draw(MODULE, DAY, 1)
    assert first == learning.draw(MODULE, DAY, 1)
    assert len(first) == MODULE.questions
    right = [q.answer for q in first]
    flipped = [learning.ALLOWED if a == learning.FORBIDDEN else learning.FORBIDDEN for a in right]
    assert learning.grade(MODULE, first, right) == learning.Grade(8, 8, True)
    six = right[:6] + flipped[6:]
    assert learning.grade(MODULE, first, six).passed  # 75%
    assert not learning.grade(MODULE, first, right[:5] + flipped[5:]).passed


def test_a_forged_or_foreign_ticket_is_refused():
    value = learning.new_ticket(MODULE, DAY)
    assert learning.read_ticket(MODULE, value).day == DAY
    assert learning.read_ticket(learning.modules()["setelah-penetapan"], value) is None
    assert learning.read_ticket(MODULE, value + "x") is None


def test_a_passing_attempt_is_recorded_with_a_certificate(campaign, election, staff, codes):
    person = staff[0]
    attempt = _attempt(election, person.nip, codes[person.nip])
    assert (attempt.campaign, attempt.civil_servant, attempt.passed) == (campaign, person, True)
    assert attempt.score == attempt.total == MODULE.questions
    assert services.attempt_by_certificate(services.grouped(attempt.certificate_code)) == attempt
    event = CampaignEvent.objects.get(type=CampaignEvent.Type.MODULE_ATTEMPTED)
    assert event.payload["passed"] is True
    units = {row["unit"]: row for row in selectors.unit_coverage(campaign)}
    assert units["Sekretariat"]["learned"] == 1
    assert units["Dinas Pendidikan"]["learned"] == 0
    assert units["Sekretariat"]["staff"] == 3


def test_a_failed_attempt_is_kept_without_a_certificate(election, staff, codes):
    person = staff[0]
    attempt = _attempt(election, person.nip, codes[person.nip], answers=["x"] * MODULE.questions)
    assert (attempt.passed, attempt.score, attempt.certificate_code) == (False, 0, None)


def test_a_signed_pledge_code_still_identifies_for_learning(campaign, election, staff, codes):
    person = staff[1]
    services.sign_online(campaign=campaign, nip=person.nip, code=codes[person.nip], now=NOW)
    assert _attempt(election, person.nip, codes[person.nip], seed=3).passed


@pytest.mark.parametrize("which", ["wrong_code", "unknown_nip", "foreign_code"])
def test_an_unproven_learner_saves_nothing(which, election, staff, codes):
    person, other = staff[0], staff[1]
    nip, code = {
        "wrong_code": (person.nip, "AAAA-AAAA"),
        "unknown_nip": ("199001012020011999", codes[person.nip]),
        "foreign_code": (person.nip, codes[other.nip]),
    }[which]
    with pytest.raises(ValidationError):
        _attempt(election, nip, code)
    assert not ModuleAttempt.objects.exists()
    assert not CampaignEvent.objects.filter(type=CampaignEvent.Type.MODULE_ATTEMPTED).exists()


def _module_url(election):
    return reverse("prevention:module", args=[election.code, MODULE.slug])


def _answers_for(page, election):
    """The posted form: the ticket from the page, and the catalogue's answers to its draw."""
    value = re.search(r'name="ticket" value="([^"]+)"', page.content.decode()).group(1)
    ticket = learning.read_ticket(MODULE, value)
    answers = _right_answers(election, ticket)
    return {"ticket": value, **{f"q{n}": answer for n, answer in enumerate(answers)}}


def test_asn_takes_a_module_downloads_and_anyone_verifies(client, election, staff, codes):
    person = staff[0]
    assert client.get(reverse("prevention:learn", args=[election.code])).status_code == 200
    page = client.get(_module_url(election))
    assert page.status_code == 200
    data = {**_answers_for(page, election), "nip": person.nip, "code": codes[person.nip]}
    response = client.post(_module_url(election), data)
    attempt = ModuleAttempt.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("prevention:learned", args=[attempt.pk])
    assert (
        services.grouped(attempt.certificate_code)
        in client.get(response["Location"]).content.decode()
    )
    pdf = client.get(reverse("prevention:module_certificate", args=[attempt.pk]))
    assert pdf.status_code == 200
    stranger = client.__class__()
    assert stranger.get(response["Location"]).status_code == 404
    assert (
        stranger.get(reverse("prevention:module_certificate", args=[attempt.pk])).status_code == 404
    )
    verify = stranger.get(
        reverse("prevention:verify"), {"code": services.grouped(attempt.certificate_code)}
    )
    assert verify.status_code == 200
    assert "Pemerintah Kabupaten Bantul" in verify.content.decode()
    assert person.name not in verify.content.decode()


def test_a_forged_ticket_or_missing_answer_saves_nothing(client, election, staff, codes):
    person = staff[0]
    data = {**_answers_for(client.get(_module_url(election)), election)}
    forged = {**data, "ticket": data["ticket"] + "x", "nip": person.nip, "code": codes[person.nip]}
    assert client.post(_module_url(election), forged).status_code == 400
    missing = {**data, "nip": person.nip, "code": codes[person.nip]}
    del missing["q0"]
    assert client.post(_module_url(election), missing).status_code == 400
    wrong = {**data, "nip": person.nip, "code": "AAAA-AAAA"}
    response = client.post(_module_url(election), wrong)
    assert response.status_code == 400
    assert "code" in response.context["form"].errors
    assert not ModuleAttempt.objects.exists()


def test_a_module_reads_in_english_when_english_is_chosen(client, election):
    from django.conf import settings

    from netral.rules import catalogue

    entry = learning.entries(MODULE, DAY)[0]
    assert isinstance(entry.title, catalogue.Text) and entry.title.en != entry.title.id
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(_module_url(election)).content.decode()
    assert MODULE.title.en in page and entry.title.en in page
    assert MODULE.title.id not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    page = client.get(_module_url(election)).content.decode()
    assert MODULE.title.id in page and entry.title.id in page
