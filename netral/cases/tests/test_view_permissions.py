"""Who may do what from the case pages: a permission matrix for every mutating action.

For each action and each relevant actor (the owner's officer and viewer, a Bawaslu of another
jurisdiction, the provincial Bawaslu overseeing the region, the organisation that handed the
case on, and an anonymous visitor) the answer is allowed, 403, 404 or the login page, and a
refused action leaves the case exactly as it was.
"""

import pytest
import time_machine
from django.urls import reverse

from netral.accounts import services as account_services
from netral.accounts.models import Membership
from netral.cases import workflow
from netral.cases.models import Case, CaseEvent, CaseLink
from netral.cases.tests.conftest import NOW, REASON, walk

ALLOWED, FORBIDDEN, NOT_FOUND, LOGIN = "allowed", 403, 404, "login"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bantul_viewer(bawaslu_bantul_officer):
    organisation = bawaslu_bantul_officer.memberships.get().organisation
    return account_services.create_staff_user(
        username="bantul_viewer",
        password="kata-sandi-uji-12345",
        organisation=organisation,
        role=Membership.Role.VIEWER,
    )


# Actors on a case that Bawaslu Bantul owns.
OWNER_OFFICER = "bawaslu_bantul_officer"
OWNER_VIEWER = "bantul_viewer"
OTHER_JURISDICTION = "bawaslu_sleman_officer"
OVERSIGHT = "bawaslu_diy_supervisor"
ANONYMOUS = None


@pytest.fixture
def client_as(client, request):
    """A client logged in as the named fixture's user, or anonymous for None."""

    def login(name):
        client.logout()
        if name is not None:
            client.force_login(request.getfixturevalue(name))
        return client

    return login


def snapshot(case: Case) -> tuple:
    """Everything a refused action must leave as it was."""
    case = Case.objects.get(pk=case.pk)
    return (
        case.version,
        case.event_count,
        case.state,
        case.owner_id,
        case.assignee_id,
        list(case.tags),
        CaseLink.objects.filter(case=case).count(),
        case.documents.count(),
    )


def check(response, expected) -> None:
    if expected == ALLOWED:
        assert response.status_code in (200, 303), response.status_code
    elif expected == LOGIN:
        assert response.status_code == 302 and "/akun/" in response["Location"]
    else:
        assert response.status_code == expected


def refused(expected) -> bool:
    return expected != ALLOWED


# --- assignment, tags and links: the owner's handlers only ----------------------------------

OWNER_ONLY = [
    (OWNER_OFFICER, ALLOWED),
    (OWNER_VIEWER, FORBIDDEN),
    (OTHER_JURISDICTION, NOT_FOUND),
    (OVERSIGHT, FORBIDDEN),
    (ANONYMOUS, LOGIN),
]


@pytest.mark.parametrize(("actor", "expected"), OWNER_ONLY)
def test_assign_matrix(
    client_as, actor, expected, open_case, bantul_viewer, bawaslu_bantul_officer
):
    case = open_case()
    before = snapshot(case)
    data = {"version": case.version, "officer": bawaslu_bantul_officer.username}
    response = client_as(actor).post(reverse("cases:assign", args=[case.code]), data)
    check(response, expected)
    case.refresh_from_db()
    if refused(expected):
        assert snapshot(case) == before
    else:
        assert case.assignee == bawaslu_bantul_officer


@pytest.mark.parametrize(("actor", "expected"), OWNER_ONLY)
def test_tag_matrix(client_as, actor, expected, open_case, bantul_viewer):
    case = open_case()
    before = snapshot(case)
    response = client_as(actor).post(reverse("cases:tag", args=[case.code]), {"add": "medsos"})
    check(response, expected)
    case.refresh_from_db()
    assert case.tags == ([] if refused(expected) else ["medsos"])
    if refused(expected):
        assert snapshot(case) == before


@pytest.mark.parametrize(("actor", "expected"), OWNER_ONLY)
def test_link_matrix(client_as, actor, expected, open_case, bantul_viewer):
    case, other = open_case(), open_case(title="Kasus kedua, orang yang sama")
    before = snapshot(case)
    data = {"kind": "related", "other": other.code, "reason": "Orang yang sama"}
    response = client_as(actor).post(reverse("cases:link", args=[case.code]), data)
    check(response, expected)
    linked = CaseLink.objects.filter(case=case, other_case=other).exists()
    assert linked is not refused(expected)
    if refused(expected):
        assert snapshot(case) == before


def test_the_handed_on_organisation_can_no_longer_assign_tag_or_link(
    client_as, at_bkn, open_case, bawaslu_bantul_officer
):
    other = open_case(title="Kasus lain di Bantul")
    before = snapshot(at_bkn)
    client = client_as(OWNER_OFFICER)
    posts = {
        "cases:assign": {"version": at_bkn.version, "officer": ""},
        "cases:tag": {"add": "medsos"},
        "cases:link": {"kind": "related", "other": other.code},
    }
    for name, data in posts.items():
        assert client.post(reverse(name, args=[at_bkn.code]), data).status_code == 403, name
    assert snapshot(at_bkn) == before


# --- the reporter's identity: Bawaslu handlers who see the case -----------------------------


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        (OWNER_OFFICER, ALLOWED),
        (OWNER_VIEWER, FORBIDDEN),
        (OTHER_JURISDICTION, NOT_FOUND),
        (OVERSIGHT, ALLOWED),  # a Bawaslu handler of the province sees the region's cases
        (ANONYMOUS, LOGIN),
    ],
)
def test_identity_matrix(client_as, actor, expected, open_case, bantul_viewer):
    case = open_case()
    Case.objects.filter(pk=case.pk).update(source_ref="R-TEST")  # as if opened from a report
    response = client_as(actor).post(reverse("cases:identity", args=[case.code]))
    check(response, expected)
    opened = case.events.filter(type=CaseEvent.Type.IDENTITY_VIEWED).count()
    assert opened == (0 if refused(expected) else 1)


def test_the_handed_on_bawaslu_may_still_open_the_identity_but_bkn_only_when_shared(
    client_as, at_bkn
):
    Case.objects.filter(pk=at_bkn.pk).update(source_ref="R-TEST")
    url = reverse("cases:identity", args=[at_bkn.code])
    assert client_as(OWNER_OFFICER).post(url).status_code == 200
    assert client_as("bkn_officer").post(url).status_code == 403
    assert at_bkn.events.filter(type=CaseEvent.Type.IDENTITY_VIEWED).count() == 1


# --- workflow steps: the owner, at the right stage, with the capability ---------------------

ACTIONS = [transition.key for transition in workflow.TRANSITIONS]
NOT_THE_OWNER = [
    (OWNER_VIEWER, FORBIDDEN),
    (OTHER_JURISDICTION, NOT_FOUND),
    (OVERSIGHT, FORBIDDEN),
    (ANONYMOUS, LOGIN),
]


@pytest.mark.parametrize("action", ACTIONS)
def test_no_step_is_open_to_anyone_but_the_owner(client_as, action, open_case, bantul_viewer):
    case = open_case()
    before = snapshot(case)
    url = reverse("cases:transition", args=[case.code, action])
    for actor, expected in NOT_THE_OWNER:
        client = client_as(actor)
        check(client.get(url), expected)
        check(client.post(url, {"version": case.version, "reasoning": REASON}), expected)
    assert snapshot(case) == before


OPEN_AT_RECEIPT = {t.key for t in workflow.available(workflow.State.RECEIVED, "bawaslu_kabkota")}


@pytest.mark.parametrize("action", [key for key in ACTIONS if key not in OPEN_AT_RECEIPT])
def test_the_owner_cannot_take_a_step_of_another_stage(client_as, action, open_case):
    case = open_case()
    before = snapshot(case)
    url = reverse("cases:transition", args=[case.code, action])
    response = client_as(OWNER_OFFICER).post(url, {"version": case.version, "reasoning": REASON})
    assert response.status_code == 403
    assert snapshot(case) == before


def test_the_owner_takes_the_step_of_its_stage(client_as, open_case):
    case = open_case()
    url = reverse("cases:transition", args=[case.code, "start_review"])
    response = client_as(OWNER_OFFICER).post(url, {"version": case.version})
    assert response.status_code == 303
    case.refresh_from_db()
    assert case.state == workflow.State.INITIAL_REVIEW


def test_the_handed_on_organisation_takes_no_step(client_as, at_bkn):
    before = snapshot(at_bkn)
    for action in ("recommend_sanction", "return_to_bawaslu", "start_examination"):
        url = reverse("cases:transition", args=[at_bkn.code, action])
        response = client_as(OWNER_OFFICER).post(url, {"version": at_bkn.version})
        assert response.status_code == 403, action
    assert snapshot(at_bkn) == before


def test_an_unknown_step_is_404_for_everyone_signed_in(client_as, open_case, bantul_viewer):
    """A step that does not exist is not found; a real one refused stays 403 (above)."""
    case = open_case()
    before = snapshot(case)
    url = reverse("cases:transition", args=[case.code, "fly_away"])
    for actor in (OWNER_OFFICER, OWNER_VIEWER, OVERSIGHT):
        client = client_as(actor)
        assert client.get(url).status_code == 404, actor
        assert client.post(url, {"version": case.version}).status_code == 404, actor
    assert snapshot(case) == before


# --- letters: whoever may read the case ----------------------------------------------------

READERS = [
    (OWNER_OFFICER, ALLOWED),
    (OWNER_VIEWER, ALLOWED),
    (OTHER_JURISDICTION, NOT_FOUND),
    (OVERSIGHT, ALLOWED),
    (ANONYMOUS, LOGIN),
]


@pytest.mark.parametrize(("actor", "expected"), READERS)
def test_case_summary_matrix(client_as, actor, expected, open_case, bantul_viewer):
    case = open_case()
    before = snapshot(case)
    response = client_as(actor).post(reverse("cases:summary", args=[case.code]))
    check(response, expected)
    # Only the owner's handlers file it (a numbered letter); a viewer and oversight print it
    # unfiled, which leaves the case as it was but for the print on the timeline.
    made = case.documents.filter(template_key="case_summary").count()
    assert made == (1 if actor == OWNER_OFFICER else 0)
    if made == 0:
        after = snapshot(case)
        printed = 0 if refused(expected) else 1
        assert (after[0], after[1]) == (before[0], before[1] + printed)
        assert after[2:] == before[2:]


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("bkn_officer", ALLOWED),  # the owner
        (OWNER_OFFICER, ALLOWED),  # the organisation that handed it on keeps read access
        (OVERSIGHT, ALLOWED),
        (OTHER_JURISDICTION, NOT_FOUND),
        ("ppk_officer", NOT_FOUND),  # not yet recommended to the PPK
        (ANONYMOUS, LOGIN),
    ],
)
def test_letter_download_matrix(client_as, actor, expected, at_bkn):
    letter = at_bkn.documents.get(template_key="forwarding_letter_bkn")
    response = client_as(actor).get(reverse("cases:document", args=[at_bkn.code, letter.public_id]))
    check(response, expected)
    downloads = at_bkn.events.filter(type=CaseEvent.Type.DOCUMENT_DOWNLOADED).count()
    assert downloads == (0 if refused(expected) else 1)


# --- BKN's answer to the PPK's reason for a lighter or no sanction: BKN's deciders only -------


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("bkn_officer", ALLOWED),  # the owner of the follow-up
        ("ppk_officer", FORBIDDEN),  # handed the case back: reads, never answers its own reason
        (OWNER_OFFICER, FORBIDDEN),  # Bawaslu handed it on long ago
        (OTHER_JURISDICTION, NOT_FOUND),
        (ANONYMOUS, LOGIN),
    ],
)
def test_reason_review_matrix(client_as, actor, expected, lighter_decree):
    case = lighter_decree
    before = snapshot(case)
    data = {"version": case.version, "answer": "accept", "reason": REASON}
    response = client_as(actor).post(reverse("cases:review_reason", args=[case.code]), data)
    check(response, expected)
    decision = case.decisions.get(kind="ppk_decree")
    assert (decision.reason_review == "accepted") is not refused(expected)
    if refused(expected):
        assert snapshot(case) == before


def test_answering_a_reason_twice_shows_why_and_changes_nothing(client_as, lighter_decree):
    case = lighter_decree
    client = client_as("bkn_officer")
    url = reverse("cases:review_reason", args=[case.code])
    client.post(url, {"version": case.version, "answer": "accept", "reason": REASON})
    before = snapshot(case)
    again = client.post(url, {"version": before[0], "answer": "refuse", "reason": REASON})
    from django.utils.translation import gettext

    answered = gettext(
        "There is no reason of the PPK waiting for an answer: it was already answered."
    )
    assert again.status_code == 200 and answered in again.content.decode()
    assert snapshot(case) == before


# --- a page of an older version: the case moved on, the role did not refuse ---------------

HTMX = {"HTTP_HX_REQUEST": "true"}


def stale_message() -> str:
    from django.utils.translation import gettext

    return gettext(
        "Someone else changed this case while you were working on it. "
        "Reload the page to see their change, then try again."
    )


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_step_from_a_page_the_case_moved_on_from_says_so_visibly(
    client_as, open_case, bawaslu_bantul_officer, headers
):
    from django.utils.html import escape

    case = open_case()
    shown = case.version
    walk(case, bawaslu_bantul_officer, "start_review")  # the other tab went first
    before = snapshot(case)
    url = reverse("cases:transition", args=[case.code, "start_review"])
    response = client_as(OWNER_OFFICER).post(url, {"version": shown}, **headers)
    body = response.content.decode()
    assert response.status_code == (200 if headers else 409)
    assert escape(stale_message()) in body
    assert reverse("cases:detail", args=[case.code]) in body
    assert snapshot(case) == before


def test_a_role_that_never_allowed_the_step_stays_403_on_an_old_page(
    client_as, open_case, bawaslu_bantul_officer, bantul_viewer
):
    case = open_case()
    shown = case.version
    walk(case, bawaslu_bantul_officer, "start_review")
    url = reverse("cases:transition", args=[case.code, "start_review"])
    for actor in (OWNER_VIEWER, OVERSIGHT):
        assert client_as(actor).post(url, {"version": shown}, **HTMX).status_code == 403, actor
    for version in ("", "x", Case.objects.get(pk=case.pk).version):  # no older page
        response = client_as(OWNER_OFFICER).post(url, {"version": version})
        assert response.status_code == 403, version


def test_an_answer_to_a_reason_from_a_page_the_case_moved_on_from_says_so(
    client_as, lighter_decree, bkn_officer
):
    from netral.cases import services

    case = lighter_decree
    shown = case.version
    case = services.review_ppk_reason(
        case=case, by=bkn_officer, now=NOW, accept=True, reason=REASON, expected_version=shown
    )
    case = services.transition(
        case=case, action="close_follow_up", by=bkn_officer, now=NOW, data={"reasoning": REASON}
    )
    url = reverse("cases:review_reason", args=[case.code])
    data = {"version": shown, "answer": "refuse", "reason": REASON}
    response = client_as("bkn_officer").post(url, data, **HTMX)
    assert response.status_code == 200
    assert "Muat ulang" in response.content.decode() or "Reload" in response.content.decode()
    assert client_as("ppk_officer").post(url, data).status_code == 403
