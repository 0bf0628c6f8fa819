"""The UI kit on real pages: shortcuts that open, the error summary, tables as cards, zones."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _shortcuts(html: str) -> list[str]:
    return re.findall(r'<a class="shortcut" href="([^"]+)"', html)


@pytest.mark.parametrize("who", ["bawaslu_bantul_officer", "bkn_officer", "ppk_officer"])
def test_every_staff_home_shortcut_opens_for_its_reader(client_for, request, who):
    client = client_for(request.getfixturevalue(who))
    links = _shortcuts(client.get(reverse("core:staff_home")).content.decode())
    assert links
    for url in links:
        assert client.get(url).status_code == 200, url


def test_the_ppk_is_not_offered_intake_or_monitoring(client_for, ppk_officer):
    links = _shortcuts(client_for(ppk_officer).get(reverse("core:staff_home")).content.decode())
    assert reverse("reports:queue") not in links
    assert reverse("monitoring:queue") not in links
    assert reverse("cases:queue") in links


def test_open_a_case_is_offered_only_to_who_may_open_one(client_for, ppk_officer, bkn_officer):
    new = reverse("cases:new")
    ppk = client_for(ppk_officer)
    assert new not in ppk.get(reverse("cases:queue")).content.decode()
    assert ppk.get(new).status_code == 403
    bkn = client_for(bkn_officer)
    assert new in bkn.get(reverse("cases:queue")).content.decode()
    assert bkn.get(new).status_code == 200


def test_the_error_summary_links_each_error_to_its_field(client_for, bawaslu_bantul_officer):
    client = client_for(bawaslu_bantul_officer)
    html = client.post(reverse("cases:new"), {"title": ""}).content.decode()
    summary = re.search(r'<div class="error-summary.*?</div>', html, re.S)
    assert summary is not None
    anchors = re.findall(r'href="#([^"]+)"', summary.group(0))
    assert anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in html
