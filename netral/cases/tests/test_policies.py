"""Permission matrix over the cast: who sees a case (404 otherwise) and who may act (403)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from netral.cases import policies, services
from netral.cases.tests.conftest import NOW

OK, FORBIDDEN, HIDDEN = "ok", 403, 404


def outcome(user, case, action):
    try:
        policies.get_case_for(user, case.code, action)
    except Http404:
        return HIDDEN
    except PermissionDenied:
        return FORBIDDEN
    return OK


@pytest.fixture
def stage(request):
    """A case at one stage: still with Bawaslu, with BKN, or with the PPK."""
    name = {"bawaslu": "open_case", "bkn": "at_bkn", "ppk": "at_ppk"}[request.param]
    value = request.getfixturevalue(name)
    return value if callable(value) else (lambda: value)


MATRIX = [
    # stage, actor, view, transition, assign, view_identity
    ("bawaslu", "citizen", HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ("bawaslu", "bawaslu_bantul_officer", OK, OK, OK, OK),
    ("bawaslu", "bawaslu_sleman_officer", HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ("bawaslu", "bawaslu_diy_supervisor", OK, FORBIDDEN, FORBIDDEN, OK),
    ("bawaslu", "bkn_officer", HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ("bawaslu", "ppk_officer", HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ("bawaslu", "admin", HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ("bkn", "bawaslu_bantul_officer", OK, FORBIDDEN, FORBIDDEN, OK),
    ("bkn", "bawaslu_sleman_officer", HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ("bkn", "bkn_officer", OK, OK, OK, FORBIDDEN),
    ("bkn", "ppk_officer", HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ("bkn", "admin", HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    ("ppk", "bawaslu_bantul_officer", OK, FORBIDDEN, FORBIDDEN, OK),
    ("ppk", "bawaslu_diy_supervisor", OK, FORBIDDEN, FORBIDDEN, OK),
    ("ppk", "bkn_officer", OK, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    ("ppk", "ppk_officer", OK, OK, OK, FORBIDDEN),
    ("ppk", "citizen", HIDDEN, HIDDEN, HIDDEN, HIDDEN),
]


@pytest.mark.parametrize(
    ("stage", "actor", "view", "transition", "assign", "identity"),
    MATRIX,
    indirect=["stage", "actor"],
)
def test_permission_matrix(stage, actor, view, transition, assign, identity):
    case = stage()
    assert outcome(actor, case, "view") == view
    assert outcome(actor, case, "transition") == transition
    assert outcome(actor, case, "assign") == assign
    assert outcome(actor, case, "view_identity") == identity


def test_visible_cases_is_the_same_rule_as_can_view(
    open_case, at_ppk, bawaslu_sleman_officer, bkn_officer, ppk_officer, bawaslu_diy_supervisor
):
    own = open_case(title="Kasus Bantul lain")
    for user in (bawaslu_sleman_officer, bkn_officer, ppk_officer, bawaslu_diy_supervisor):
        listed = set(policies.visible_cases(user).values_list("code", flat=True))
        for case in (own, at_ppk):
            assert (case.code in listed) == policies.can_view(user, case)


def test_the_reporter_identity_leaves_bawaslu_only_with_consent(at_ppk, ppk_officer):
    assert not policies.can_view_identity(ppk_officer, at_ppk)
    at_ppk.identity_shareable = True
    assert policies.can_view_identity(ppk_officer, at_ppk)


def test_a_viewer_reads_but_does_not_act(open_case, regions):
    from netral.accounts import services as account_services
    from netral.accounts.models import Organisation

    organisation = Organisation.objects.get(name="Bawaslu Kabupaten Bantul")
    viewer = account_services.create_staff_user(
        username="pembaca", password="x" * 12, organisation=organisation, role="viewer"
    )
    case = open_case()
    assert outcome(viewer, case, "view") == OK
    assert outcome(viewer, case, "transition") == FORBIDDEN
    assert not policies.can_view_identity(viewer, case)


def test_an_api_token_acts_for_its_organisation_only(open_case, bkn_officer, at_bkn):
    from netral.accounts.models import Organisation

    bkn = Organisation.objects.get(kind="bkn")
    reader, _raw = services.create_api_token(
        organisation=bkn, name="SBT", scopes=["cases:read"], days=30, by=bkn_officer, now=NOW
    )
    actor, _raw = services.create_api_token(
        organisation=bkn, name="SBT act", scopes=["cases:act"], days=30, by=bkn_officer, now=NOW
    )
    assert outcome(reader, at_bkn, "view") == OK
    assert outcome(reader, at_bkn, "transition") == FORBIDDEN
    assert outcome(actor, at_bkn, "transition") == OK
    assert outcome(actor, open_case(), "view") == HIDDEN


def test_an_inactive_user_sees_nothing(at_ppk, ppk_officer):
    ppk_officer.is_active = False
    assert outcome(ppk_officer, at_ppk, "view") == HIDDEN


@pytest.mark.django_db
def test_an_organisations_cases_are_what_its_people_may_read(
    at_ppk, open_case, ppk_officer, bkn_officer, bawaslu_bantul_officer
):
    open_case(title="Masih di Bawaslu")
    for person in (ppk_officer, bkn_officer, bawaslu_bantul_officer):
        organisation = person.memberships.get().organisation
        assert set(policies.organisation_cases(organisation)) == set(policies.visible_cases(person))
    ppk = ppk_officer.memberships.get().organisation
    assert list(policies.organisation_cases(ppk)) == [at_ppk]
