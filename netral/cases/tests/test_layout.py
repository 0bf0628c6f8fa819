"""The case list, the case page and the PPK compliance table at 320, 390 and 1366 px, measured in
headless Chromium.

The pages are rendered by the test client first (every database read happens before the browser
starts: Playwright's event loop makes Django refuse queries), their stylesheets inlined, and then
laid out by Chromium from memory. Skipped where Chromium or Playwright is missing.
"""

import re
import shutil
from pathlib import Path

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.urls import reverse

from netral.cases.tests.conftest import NOW, REASON, walk

CHROMIUM = "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason="needs Debian's chromium")
LONG_TITLE = (
    "Unggahan dukungan pasangan calon bupati di grup Facebook kecamatan dan status WhatsApp"
)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def standalone(html: str) -> str:
    """The page with its own stylesheets inlined, so that it lays out without a server."""

    def inline(match: re.Match[str]) -> str:
        found = finders.find(match.group(1).removeprefix("/static/"))
        return f"<style>{Path(found).read_text()}</style>" if found else ""

    return re.sub(r'<link rel="stylesheet" href="([^"]+)"[^>]*>', inline, html)


@pytest.fixture
def pages(client_for, bawaslu_bantul_officer, open_case):
    case = walk(open_case(title=LONG_TITLE), bawaslu_bantul_officer, ("start_review", {}))
    case = walk(case, bawaslu_bantul_officer, ("register", {"reasoning": REASON}))
    client = client_for(bawaslu_bantul_officer)
    return {
        "queue": standalone(client.get(reverse("cases:queue")).content.decode()),
        "case": standalone(client.get(reverse("cases:detail", args=[case.code])).content.decode()),
    }


def laid_out(html: str, width: int, check: str) -> object:
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.set_content(html, wait_until="load")
        result = page.evaluate(check)
        browser.close()
    return result


# Rows whose code or title runs under the "Select" box in the card's corner.
UNDER_THE_BOX = """() => [...document.querySelectorAll('.queue-table tbody tr')].filter(tr => {
  const box = tr.querySelector('td:first-child').getBoundingClientRect();
  return [...tr.querySelectorAll('td.key *')].some(el => { const r = el.getBoundingClientRect();
    return r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom; });
}).length"""


def test_the_select_box_keeps_clear_of_the_case_title_on_a_phone(pages):
    assert laid_out(pages["queue"], 320, UNDER_THE_BOX) == 0


# [dd width / dl width] of each timeline detail.
DETAIL_SHARE = """() => [...document.querySelectorAll('.event-details dd')].map(dd =>
  dd.getBoundingClientRect().width / dd.parentElement.getBoundingClientRect().width)"""


def test_timeline_details_stack_on_a_phone_and_sit_side_by_side_on_a_laptop(pages):
    assert min(laid_out(pages["case"], 320, DETAIL_SHARE)) > 0.95
    assert max(laid_out(pages["case"], 1366, DETAIL_SHARE)) < 0.95


# [the first option's text width, the select's room for text] and the gap below the Assign form.
TEAM_CARD = """() => {
  const select = document.querySelector('form[action$="/tugaskan/"] select');
  const style = getComputedStyle(select);
  const probe = document.createElement('span');
  probe.style.font = style.font; probe.style.whiteSpace = 'pre'; probe.style.position = 'absolute';
  probe.textContent = select.options[0].text;
  document.body.append(probe);
  const text = probe.getBoundingClientRect().width;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const form = select.form.getBoundingClientRect();
  const tags = document.querySelector('.team-tags').getBoundingClientRect();
  return [text, room, tags.top - form.bottom];
}"""


@pytest.mark.parametrize("width", [320, 1366])
def test_the_officer_choice_shows_whole_and_the_tags_keep_their_distance(pages, width):
    text, room, gap = laid_out(pages["case"], width, TEAM_CARD)
    assert text <= room, f"the first officer option is cut at {width} px"
    assert gap >= 12


# Stacked cards (table-cards, docs/ui.md): each labelled cell's label, the ::before box, set beside
# or above its value; a cell shorter than its label lets the label run over the next row.
LABELS_OVERFLOW = """() => [...document.querySelectorAll('.table-cards td[data-label]')]
  .filter(td => {
  const label = parseFloat(getComputedStyle(td, '::before').height);
  return label > td.getBoundingClientRect().height + 0.5;
}).map(td => td.dataset.label)"""


@pytest.mark.parametrize("width", [320, 390, 1366])
def test_long_labels_of_the_compliance_cards_stay_in_their_own_row(
    client_for, bkn_officer, at_ppk, width
):
    page = standalone(client_for(bkn_officer).get(reverse("cases:compliance")).content.decode())
    assert "batas waktu" in page  # the long label: "Tidak ada keputusan sampai batas waktu"
    assert laid_out(page, width, LABELS_OVERFLOW) == []


# Badges of the letters card whose right edge passes the card's.
BADGE_OUT = """() => [...document.querySelectorAll('.doc-list .badge')].filter(b => {
  const card = b.closest('.card') || b.closest('section');
  return b.getBoundingClientRect().right > card.getBoundingClientRect().right + 0.5;
}).length"""


@pytest.mark.parametrize("width", [320, 1366])
def test_a_held_letters_badge_stays_inside_the_letters_card(
    client_for, bawaslu_bantul_officer, open_case, width
):
    from netral.cases.models import Document, DocumentStatus

    case = walk(open_case(title=LONG_TITLE), bawaslu_bantul_officer, "start_review")
    case = walk(case, bawaslu_bantul_officer, ("register", {"reasoning": REASON}))
    Document.objects.filter(case=case).update(status=DocumentStatus.HELD)  # an unverified rule
    page = client_for(bawaslu_bantul_officer).get(reverse("cases:detail", args=[case.code]))
    html = standalone(page.content.decode())
    assert "badge warning" in html
    assert laid_out(html, width, BADGE_OUT) == 0
