"""The menu is built from URL names: every link reverses and opens for the person who sees it."""

import re

import pytest
from django.urls import reverse

from netral.accounts.templatetags import netral_nav

pytestmark = pytest.mark.django_db


def test_every_menu_entry_is_a_url_name_that_reverses():
    names = [name for _, name in netral_nav.PUBLIC_LINKS]
    names += [name for _, name, _ in netral_nav.STAFF_LINKS]
    names += [netral_nav.MEMBERS_LINK[1], netral_nav.ADMIN_LINK[1]]
    names += [name for _, name, _, _ in netral_nav.STAFF_SHORTCUTS]
    for name in names:
        assert ":" in name, f"{name}: a URL name, not a path"
        assert reverse(name).startswith("/")


@pytest.mark.parametrize("who", [None, "bawaslu_bantul_officer", "bkn_officer", "admin"])
def test_every_link_in_the_menu_opens(client_for, client, request, who):
    if who:
        client = client_for(request.getfixturevalue(who))
    page = client.get(reverse("core:staff_home") if who else "/").content.decode()
    menu = re.search(r'<nav class="main-nav".*?</nav>', page, re.S).group(0)
    links = re.findall(r'href="([^"]+)"', menu)
    assert links
    for url in links:
        response = client.get(url)
        assert response.status_code in (200, 302), f"{who}: {url} answers {response.status_code}"
