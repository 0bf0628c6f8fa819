"""The work queue's free-text search and its two query shapes (decision 0121).

The search (`q`) finds a case by its code (whole, any case), a piece of its title or a piece of
the civil servant's name (any case), and finds the same cases on SQLite and on PostgreSQL, where
a trigram index serves it. A large queue is read as one OR over the case rows, a small one as a
UNION of ids: both give the same cases in the same order."""

import pytest
from django.db import connection

from netral.cases import policies, selectors
from netral.cases.models import Case
from netral.cases.tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(open_case):
    """Four Bantul cases with known titles and names."""
    made = {}
    for key, title, name in (
        ("santoso", "Unggahan dukungan paslon", "Eko Santoso"),
        ("kampanye", "Hadir di KAMPANYE akbar", "Sari Kusuma"),
        ("lain", "Foto bersama calon", "Budi Hartono"),
        ("mixed", "Like status calon", "dewi SANTOSA"),
    ):
        case = open_case(title=title)
        Case.objects.filter(pk=case.pk).update(civil_servant_name=name)
        made[key] = Case.objects.get(pk=case.pk)
    return made


def _found(user, q, **filters):
    queue = selectors.work_queue(user, selectors.QueueFilters(q=q, **filters), now=NOW)
    return {case.pk for case in queue}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("santoso", {"santoso"}),  # a piece of the name, any case
        ("SANTOS", {"santoso", "mixed"}),
        ("  Kusuma ", {"kampanye"}),  # spaces around are dropped
        ("kampanye", {"kampanye"}),  # a piece of the title
        ("calon", {"lain", "mixed"}),
        ("ukungan pas", {"santoso"}),  # across a space, within the title
        ("tidak ada", set()),
        ("no", {"lain"}),  # shorter than a trigram: still found (Hartono)
    ],
)
def test_search_finds_the_cases_whose_title_or_name_holds_the_words(
    bawaslu_bantul_officer, named, q, expected
):
    want = {named[key].pk for key in expected}
    assert _found(bawaslu_bantul_officer, q) == want
    assert _found(bawaslu_bantul_officer, q, open_only=False) == want  # "closed included"


def test_search_finds_a_case_by_its_whole_code_in_any_case(bawaslu_bantul_officer, named):
    code = named["lain"].code
    assert _found(bawaslu_bantul_officer, code.lower()) == {named["lain"].pk}
    assert _found(bawaslu_bantul_officer, code[:-1]) == set()  # a code matches whole only


def test_search_does_not_reach_past_the_queue(bawaslu_sleman_officer, named):
    assert _found(bawaslu_sleman_officer, "santoso") == set()


@pytest.mark.parametrize("open_only", [True, False])
def test_a_large_queue_read_in_order_gives_the_cases_of_the_small_one(
    monkeypatch, bawaslu_bantul_officer, bkn_officer, at_bkn, named, open_only
):
    for user in (bawaslu_bantul_officer, bkn_officer):
        for q in ("", "santoso", "calon"):
            filters = selectors.QueueFilters(q=q, open_only=open_only)
            union = list(selectors.work_queue(user, filters, now=NOW))
            monkeypatch.setattr(policies, "WALK_IN_ORDER_FROM", 1)
            walked = list(selectors.work_queue(user, filters, now=NOW))
            monkeypatch.undo()
            assert [c.pk for c in walked] == [c.pk for c in union]
    bkn_queue = selectors.work_queue(bkn_officer, selectors.QueueFilters(), now=NOW)
    assert at_bkn.pk in {c.pk for c in bkn_queue}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_on_postgresql_the_trigram_index_can_serve_every_arm_of_the_search(
    named,
):
    """The index's expressions are the ones Django writes for the queue's search (iexact and
    icontains): with sequential scans priced out, the planner answers the whole OR from it."""
    sql, params = Case.objects.filter(selectors.search_q("xyz")).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "cases_case_search_trgm" in plan
    assert plan.count("Bitmap Index Scan on cases_case_search_trgm") == 3, plan
