"""The learning journey in Chromium: a BKPSDM officer prints codes, civil servants read a module on
phones and take its quiz (one fails, one passes and downloads the certificate), a citizen verifies
the certificate, and the officer sees learners per unit.

Run against a demo server (scripts/demo), e.g.
    python tests/browser/learning_journey.py --base http://127.0.0.1:8000 --out /tmp/shots
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ARGS, CHROMIUM, open_first_campaign, print_codes, shot, signed_in  # noqa: E402
from pledge_journey import NARROW, PHONE, WIDE  # noqa: E402

ELECTION = "pemilihan-bupati-dan-wakil-bupati-bantul-2024"
# The module's own text lists each example under "Tidak boleh" or "Boleh": a reader who studied
# it answers from there (the quiz never shows the answer beside the question).
ANSWER_FROM_CONTENT = """(right) => {
  const answers = {};
  for (const list of document.querySelectorAll('details ul')) {
    const heading = list.previousElementSibling.textContent.trim().toLowerCase();
    const value = heading.startsWith('tidak') ? 'tidak_boleh' : 'boleh';
    for (const item of list.querySelectorAll('li')) answers[item.textContent.trim()] = value;
  }
  for (const field of document.querySelectorAll('fieldset, .field')) {
    const radio = field.querySelector('input[type=radio]');
    if (!radio) continue;
    const text = field.textContent.replace(/^\\s*\\d+\\.\\s*/, '');
    const example = Object.keys(answers).find((key) => text.includes(key));
    let value = example ? answers[example] : 'boleh';
    if (!right) value = value === 'boleh' ? 'tidak_boleh' : 'boleh';
    const choice = field.querySelector(`input[name="${radio.name}"][value="${value}"]`);
    choice.checked = true;
  }
}"""


def take_quiz(page: Page, nip: str, code: str, right: bool) -> None:
    page.evaluate(ANSWER_FROM_CONTENT, right)
    page.fill("[name=nip]", nip)
    page.fill("[name=code]", code)
    page.click("main form[method=post] button[type=submit]")
    page.wait_for_load_state()


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        officer = signed_in(browser, base, "ppk.bantul", WIDE)
        campaign_url = open_first_campaign(officer, base)
        nips, codes = print_codes(officer, "UPT")

        certificate = ""
        for (width, viewport), nip, code in zip(
            [(320, NARROW), (390, PHONE), (1366, WIDE)], nips, codes, strict=False
        ):
            asn = browser.new_page(viewport=viewport)
            asn.goto(f"{base}/pencegahan/belajar/{ELECTION}/")
            shot(asn, out, f"learning-modules-{width}")
            asn.click("main a.button")
            asn.wait_for_load_state()
            shot(asn, out, f"learning-module-{width}")
            module_url = asn.url
            # The pre-quiz, before reading: without the module's text, "boleh" everywhere.
            asn.click("a[href$='/awal/']")
            asn.wait_for_load_state()
            shot(asn, out, f"learning-pre-quiz-{width}")
            take_quiz(asn, nip, code, right=True)
            shot(asn, out, f"learning-pre-done-{width}")
            asn.click("main a.button[href$='/']")
            asn.wait_for_load_state()
            assert asn.url == module_url, asn.url
            take_quiz(asn, nip, code, right=False)
            shot(asn, out, f"learning-failed-{width}")
            asn.goto(module_url)
            take_quiz(asn, nip, code, right=True)
            shot(asn, out, f"learning-passed-{width}")
            certificate = asn.locator("strong.mono").inner_text()
            with asn.expect_download() as download:
                asn.click("a[href$='.pdf']")
            print("  certificate", download.value.suggested_filename)

        for width, viewport in [(320, NARROW), (1366, WIDE)]:
            citizen = browser.new_page(viewport=viewport)
            citizen.goto(base + "/pencegahan/verifikasi/")
            citizen.fill("[name=code]", certificate)
            citizen.click("main button[type=submit]")
            citizen.wait_for_load_state()
            shot(citizen, out, f"learning-citizen-verify-{width}")
        officer.goto(campaign_url)
        officer.locator("#units-title").scroll_into_view_if_needed()
        shot(officer, out, "learning-officer-units-1366")
        officer.locator("section:has(#learning-title)").screenshot(
            path=str(out / "learning-scores-1366.png")
        )
        phone = signed_in(browser, base, "ppk.bantul", NARROW)
        phone.goto(campaign_url)
        phone.locator("#units-title").scroll_into_view_if_needed()
        shot(phone, out, "learning-officer-units-320")
        phone.locator("section:has(#learning-title)").screenshot(
            path=str(out / "learning-scores-320.png")
        )
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="/tmp/netral-learning-journey")
    args = parser.parse_args()
    main(args.base, Path(args.out))
