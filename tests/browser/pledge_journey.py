"""The pledge journey in Chromium: a BKPSDM officer opens the campaign page and prints a code
sheet, two civil servants sign on phones, and an anonymous citizen verifies a certificate.

Run against a demo server (scripts/demo), e.g.
    python tests/browser/pledge_journey.py --base http://127.0.0.1:8000 --out /tmp/shots
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    ARGS,
    CHROMIUM,
    email_codes,
    open_page,
    print_codes,
    shot,
    signed_in,
)

NARROW = {"width": 320, "height": 700}
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 800}
SELF_CHECK = (
    "act=social_media_support&interaction=like&incident_date=2024-10-01"
    "&election_kind=pilkada&designation_date=2024-09-22"
)


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        officer = signed_in(browser, base, "ppk.bantul", WIDE)
        officer.goto(base + "/pencegahan/staf/")
        shot(officer, out, "prevention-officer-list-1366")
        officer.click("table a")
        officer.wait_for_load_state()
        campaign_url = officer.url
        shot(officer, out, "prevention-officer-campaign-1366")
        nips, codes = print_codes(officer, "UPT")
        shot(officer, out, "prevention-officer-code-sheet-1366")
        # Another unit gets its codes by e-mail: three of its staff are added to the address
        # list (the phones below sign with UPT's printed codes, which this leaves alone).
        officer.goto(campaign_url)
        others, _codes = print_codes(officer, "Sekretariat")
        officer.goto(campaign_url)
        email_codes(officer, out, others[:3], "Sekretariat")
        officer.locator("#email-title").scroll_into_view_if_needed()
        shot(officer, out, "prevention-officer-email-codes-1366")
        sign_url = campaign_url.replace("/staf/kampanye/", "/ikrar/")
        phone_page = signed_in(browser, base, "ppk.bantul", PHONE)
        phone_page.goto(campaign_url)
        shot(phone_page, out, "prevention-officer-campaign-390")
        phone_page.locator("section:has(#email-title)").screenshot(
            path=str(out / "prevention-officer-email-codes-390.png")
        )

        # BKN, nationally: coverage per province, then per regency / city.
        for width, viewport in [(1366, WIDE), (390, PHONE), (320, NARROW)]:
            bkn = signed_in(browser, base, "bkn", viewport)
            bkn.goto(base + "/pencegahan/staf/wilayah/")
            shot(bkn, out, f"prevention-regions-{width}")
            bkn.click("table a[href*='wilayah=34']")
            bkn.wait_for_load_state()
            assert bkn.locator("tbody tr").count() >= 3, bkn.url
            shot(bkn, out, f"prevention-regions-province-{width}")

        certificate = ""
        for (width, viewport), nip, code in zip(
            [(320, NARROW), (390, PHONE)], nips, codes, strict=False
        ):
            asn = open_page(browser, viewport)
            asn.goto(sign_url)
            asn.fill("[name=nip]", nip)
            asn.fill("[name=code]", "AAAA-AAAA")
            asn.check("[name=agree]")
            asn.click("main button[type=submit]")
            asn.wait_for_load_state()
            shot(asn, out, f"prevention-asn-wrong-code-{width}")
            asn.fill("[name=code]", code)
            asn.select_option("[name=platform_1]", "instagram")
            asn.fill("[name=handle_1]", f"asn.bantul.{width}")
            asn.check("[name=agree]")
            shot(asn, out, f"prevention-asn-sign-{width}")
            asn.click("main button[type=submit]")
            asn.wait_for_load_state()
            shot(asn, out, f"prevention-asn-signed-{width}")
            certificate = asn.locator("strong.mono").inner_text()
            with asn.expect_download() as download:
                asn.click("a[href$='.pdf']")
            print("  certificate", download.value.suggested_filename)

        for width, viewport in [(320, NARROW), (390, PHONE), (1366, WIDE)]:
            citizen = open_page(browser, viewport)
            citizen.goto(base + "/pencegahan/verifikasi/")
            citizen.fill("[name=code]", certificate)
            citizen.click("main button[type=submit]")
            citizen.wait_for_load_state()
            shot(citizen, out, f"prevention-citizen-verify-{width}")
            # The self-check: a "not allowed" answer links to its learning module and to reporting.
            citizen.goto(base + "/aturan/cek/?" + SELF_CHECK)
            citizen.locator("#verdict").scroll_into_view_if_needed()
            assert citizen.locator("a[href*='/pencegahan/belajar/']").count() == 1
            shot(citizen, out, f"prevention-self-check-links-{width}")
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="/tmp/netral-pledge-journey")
    args = parser.parse_args()
    main(args.base, Path(args.out))
