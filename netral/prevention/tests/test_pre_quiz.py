"""The pre-quiz: taken before reading a module, recorded, compared with the quiz after it."""

import re

import pytest
from django.urls import reverse

from netral.prevention import learning, selectors, services
from netral.prevention.models import CampaignEvent, ModuleAttempt
from netral.prevention.tests.conftest import NOW
from netral.prevention.tests.test_learning import MODULE, _right_answers, _ticket

pytestmark = pytest.mark.django_db


def _flip(answers, wrong):
    """`answers` with the first `wrong` of them wrong."""
    other = {learning.ALLOWED: learning.FORBIDDEN, learning.FORBIDDEN: learning.ALLOWED}
    return [other[a] if n < wrong else a for n, a in enumerate(answers)]


def _take(election, person, codes, kind, wrong=0, seed=7):
    ticket = _ticket(seed)
    return services.record_attempt(
        election=election,
        nip=person.nip,
        code=codes[person.nip],
        module=MODULE,
        ticket=ticket,
        answers=_flip(_right_answers(election, ticket), wrong),
        now=NOW,
        kind=kind,
    )


def test_a_pre_quiz_is_recorded_but_never_passes(campaign, election, staff, codes):
    attempt = _take(election, staff[0], codes, learning.PRE)
    assert (attempt.kind, attempt.score, attempt.passed) == ("pre", MODULE.questions, False)
    assert attempt.certificate_code is None
    event = CampaignEvent.objects.get(type=CampaignEvent.Type.MODULE_ATTEMPTED)
    assert event.payload["kind"] == "pre"
    assert selectors.unit_coverage(campaign)[0]["learned"] == 0


def test_scores_before_and_after_per_module(campaign, election, staff, codes):
    _take(election, staff[0], codes, learning.PRE, wrong=4)  # 50%
    _take(election, staff[1], codes, learning.PRE, wrong=6)  # 25%
    _take(election, staff[0], codes, learning.POST)  # 100%
    _take(election, staff[1], codes, learning.POST, wrong=2)  # 75%
    [row] = selectors.learning_scores(campaign)
    assert row["module"] == MODULE.slug
    assert (row["pre_taken"], row["pre_mean"]) == (2, 38)
    assert (row["post_taken"], row["post_mean"], row["passed"]) == (2, 88, 2)


def test_pre_quiz_before_is_the_latest_one_before_the_quiz(election, staff, codes):
    assert selectors.pre_quiz_before(_take(election, staff[0], codes, learning.POST)) is None
    _take(election, staff[0], codes, learning.PRE, wrong=6)
    latest = _take(election, staff[0], codes, learning.PRE, wrong=4)
    _take(election, staff[1], codes, learning.PRE, wrong=0)  # someone else's
    quiz = _take(election, staff[0], codes, learning.POST)
    assert selectors.pre_quiz_before(quiz) == latest
    assert selectors.pre_quiz_before(latest) is None


def test_a_pre_quiz_ticket_does_not_grade_the_quiz():
    value = learning.new_ticket(MODULE, _ticket().day, learning.PRE)
    assert learning.read_ticket(MODULE, value, learning.PRE) is not None
    assert learning.read_ticket(MODULE, value) is None


def _page_answers(page, election, kind):
    value = re.search(r'name="ticket" value="([^"]+)"', page.content.decode()).group(1)
    ticket = learning.read_ticket(MODULE, value, kind)
    return value, _right_answers(election, ticket)


def test_asn_takes_the_pre_quiz_then_the_quiz_and_sees_the_gain(client, election, staff, codes):
    person = staff[0]
    who = {"nip": person.nip, "code": codes[person.nip]}
    module_url = reverse("prevention:module", args=[election.code, MODULE.slug])
    pre_url = reverse("prevention:module_pre", args=[election.code, MODULE.slug])
    assert pre_url in client.get(module_url).content.decode()
    page = client.get(pre_url)
    assert page.status_code == 200
    value, right = _page_answers(page, election, learning.PRE)
    answers = {f"q{n}": a for n, a in enumerate(_flip(right, 4))}
    response = client.post(pre_url, {"ticket": value, **answers, **who})
    pre = ModuleAttempt.objects.get()
    assert response.status_code == 302 and pre.kind == "pre" and pre.percent == 50
    result = client.get(response["Location"]).content.decode()
    assert module_url in result
    value, right = _page_answers(client.get(module_url), election, learning.POST)
    response = client.post(
        module_url, {"ticket": value, **{f"q{n}": a for n, a in enumerate(right)}, **who}
    )
    page = client.get(response["Location"])
    assert page.context["pre"] == pre and page.context["gain"] == 50
    assert "+50" in page.content.decode()


def test_the_quiz_ticket_posted_to_the_pre_quiz_saves_nothing(client, election, staff, codes):
    person = staff[0]
    module_url = reverse("prevention:module", args=[election.code, MODULE.slug])
    pre_url = reverse("prevention:module_pre", args=[election.code, MODULE.slug])
    value, right = _page_answers(client.get(module_url), election, learning.POST)
    data = {"ticket": value, **{f"q{n}": a for n, a in enumerate(right)}}
    response = client.post(pre_url, {**data, "nip": person.nip, "code": codes[person.nip]})
    assert response.status_code == 400
    assert not ModuleAttempt.objects.exists()


def test_campaign_page_shows_means_before_and_after(
    client_for, ppk_officer, campaign, election, staff, codes
):
    _take(election, staff[0], codes, learning.PRE, wrong=4)
    _take(election, staff[0], codes, learning.POST)
    page = client_for(ppk_officer).get(reverse("prevention:campaign", args=[campaign.public_id]))
    [row] = page.context["learning"]
    assert (row["title"], row["pre_mean"], row["post_mean"]) == (MODULE.title, 50, 100)
    assert str(MODULE.title) in page.content.decode()
