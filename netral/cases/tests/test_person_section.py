"""A civil servant's registry page lists their cases, only those the reader may see."""

import pytest
from django.urls import reverse

from netral.cases.person_section import cases_of

pytestmark = pytest.mark.django_db


def test_the_registry_page_lists_the_persons_cases(client_for, open_case, bawaslu_bantul_officer):
    case = open_case()
    url = reverse("registry:civil_servant", args=[case.civil_servant.public_id])
    page = client_for(bawaslu_bantul_officer).get(url).content.decode()
    assert reverse("cases:detail", args=[case.code]) in page


def test_only_the_cases_the_reader_may_see(
    open_case, bawaslu_bantul_officer, bawaslu_sleman_officer
):
    case = open_case()
    assert [row.label for row in cases_of(bawaslu_bantul_officer, case.civil_servant).rows] == [
        case.code
    ]
    assert cases_of(bawaslu_sleman_officer, case.civil_servant).rows == []
