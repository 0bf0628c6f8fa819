"""Reading one case asks one indexed question (`policies.readable_case`), never the set of every
case an organisation may read; its answer is `visible_cases`' for every kind of reader. The work
queue's and the compliance page's faster reads give the rows they gave before."""

import pytest
from django.http import Http404

from netral.accounts import services as account_services
from netral.accounts.models import Membership
from netral.cases import policies, selectors, services
from netral.cases.models import Case
from netral.cases.tests.conftest import NOW, RECOMMEND, walk
from netral.core import pagination

PASSWORD = "kata-sandi-uji-12345"


def _member(kind, name, region_code, username):
    organisation = account_services.create_organisation(
        name=name, kind=kind, region_code=region_code
    )
    return account_services.create_staff_user(
        username=username,
        password=PASSWORD,
        organisation=organisation,
        role=Membership.Role.OFFICER,
    )


@pytest.fixture
def readers(
    request,
    bawaslu_bantul_officer,
    bawaslu_sleman_officer,
    bawaslu_diy_supervisor,
    bkn_officer,
    ppk_officer,
):
    """Every kind of reader: owners, hand-on senders, oversight, APIP, national, outsiders."""
    return {
        "bawaslu_bantul": bawaslu_bantul_officer,
        "bawaslu_sleman": bawaslu_sleman_officer,
        "bawaslu_diy": bawaslu_diy_supervisor,
        "bkn": bkn_officer,
        "ppk": ppk_officer,
        "bawaslu_ri": _member("bawaslu_ri", "Bawaslu RI", None, "bawaslu_ri"),
        "irban_bantul": _member("inspektorat", "Inspektorat Bantul", "34.02", "irban_bantul"),
        "irban_sleman": _member("inspektorat", "Inspektorat Sleman", "34.04", "irban_sleman"),
        "kemendagri": _member("kemendagri", "Kementerian Dalam Negeri", None, "kemendagri"),
    }


@pytest.fixture
def cases(at_bkn, bkn_officer, open_case, bawaslu_sleman_officer, regions):
    """A case the PPK owns (Bawaslu Bantul and BKN handed it on), one Bantul keeps, one Sleman's."""
    at_ppk = walk(at_bkn, bkn_officer, RECOMMEND)
    kept = open_case(title="Kasus yang tetap di Bantul")
    facts = services.NewCase(title="Kasus Sleman", civil_servant_name="X", region=regions["sleman"])
    sleman = services.open_finding(facts=facts, by=bawaslu_sleman_officer, now=NOW)
    return {"at_ppk": at_ppk, "kept": kept, "sleman": sleman}


EXPECTED = {
    # reader: the cases it reads
    "bawaslu_bantul": {"at_ppk", "kept"},  # owner of one, hand-on sender of the other
    "bawaslu_sleman": {"sleman"},  # an outsider to Bantul's cases
    "bawaslu_diy": {"at_ppk", "kept", "sleman"},  # oversight of its province
    "bkn": {"at_ppk"},  # handed it on to the PPK
    "ppk": {"at_ppk"},  # the receiver owns it
    "bawaslu_ri": {"at_ppk", "kept", "sleman"},
    "irban_bantul": {"at_ppk"},  # its government's PPK received the recommendation
    "irban_sleman": set(),
    "kemendagri": set(),  # no rung addressed to it yet
}


def test_one_case_is_read_exactly_when_the_list_of_readable_cases_holds_it(readers, cases):
    for name, user in readers.items():
        listed = set(policies.visible_cases(user).values_list("code", flat=True))
        for key, case in cases.items():
            one = policies.readable_case(user, case.code).exists()
            assert one is (case.code in listed), (name, key)
            assert one is (key in EXPECTED[name]), (name, key)


def test_an_outsider_gets_a_404_and_owners_and_senders_get_the_case(readers, cases):
    code = cases["at_ppk"].code
    for name in ("ppk", "bkn", "bawaslu_bantul", "irban_bantul"):
        assert policies.get_case_for(readers[name], code).pk == cases["at_ppk"].pk
    for name in ("bawaslu_sleman", "irban_sleman", "kemendagri"):
        with pytest.raises(Http404):
            policies.get_case_for(readers[name], code)


def test_reading_one_case_is_one_query(readers, cases, django_assert_num_queries):
    user = readers["bkn"]
    policies.seats(user)  # the seats are read once per request, before any case
    with django_assert_num_queries(1):
        assert policies.readable_case(user, cases["at_ppk"].code).first() is not None


def test_an_escalation_rung_lets_the_addressed_body_read_the_case(readers, cases):
    from netral.cases.tests.test_escalation import climb_to

    case = cases["at_ppk"]
    user = readers["kemendagri"]
    climb_to(case, 4)  # the ministry's reprimand
    assert policies.visible_cases(user).filter(pk=case.pk).exists()
    assert policies.readable_case(user, case.code).exists()


def test_the_queue_of_open_cases_is_the_owned_cases_in_open_stages(readers, cases):
    for user in readers.values():
        fast = set(policies.owned_cases(user, states=selectors.OPEN_STATES))
        plain = set(policies.owned_cases(user).filter(state__in=selectors.OPEN_STATES))
        assert fast == plain


def test_a_page_read_by_ids_is_the_same_slice_in_the_same_order(readers, cases, rf):
    queue = selectors.work_queue(
        readers["bawaslu_diy"], selectors.QueueFilters(scope="all"), now=NOW
    )
    everything = list(queue)
    assert len(everything) == 3
    for number in (1, 2):
        page = pagination.CappedPaginator(queue, 2).page(number)
        assert [c.pk for c in page] == [c.pk for c in everything[(number - 1) * 2 : number * 2]]
        assert all(isinstance(c, Case) and c.owner.name for c in page)


@pytest.mark.parametrize("region", ["", "34", "34.02", "34.04"])
def test_the_national_compliance_table_counts_as_before(readers, cases, region):
    filters = selectors.ComplianceFilters(region=region)
    assert selectors.ppk_compliance_for(readers["bkn"], filters) == selectors.ppk_compliance(
        Case.objects.all(), filters
    )
