"""Sosialisasi and Bimtek in Chromium: a BKPSDM officer prints codes for a unit, plans a Bimtek,
uploads an attendance list (first with bad rows, then a good one) and shows the check-in code;
civil servants check in on phones (320 and 390 px; one types a wrong code first); the officer
sees attendance per unit on the campaign page. Every page is checked at 320/390/1366 px.

Run against a demo server (scripts/demo), e.g.
    python tests/browser/briefing_journey.py --base http://127.0.0.1:8000 --out /tmp/shots
"""

import argparse
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    ARGS,
    CHROMIUM,
    open_first_campaign,
    open_page,
    print_codes,
    shot,
    signed_in,
)
from pledge_journey import NARROW, PHONE, WIDE  # noqa: E402


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp())
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        officer = signed_in(browser, base, "ppk.bantul", WIDE)
        campaign_url = open_first_campaign(officer, base)
        # Codes for one unit: the ASN identify with them at the door.
        nips, codes = print_codes(officer, "UPT")
        assert len(nips) >= 4, nips

        officer.goto(campaign_url)
        officer.click("a[href$='/acara/baru/']")
        officer.wait_for_load_state()
        officer.select_option("select[name=kind]", "bimtek")
        officer.fill("[name=title]", "Bimtek Netralitas ASN bagi Kepala UPT")
        officer.fill("[name=organiser]", "BKPSDM dan Inspektorat")
        officer.fill("[name=starts_at]", "2024-10-01T09:00")
        officer.fill("[name=place]", "Ruang Rapat BKPSDM, Jl. Robert Wolter Monginsidi No. 1")
        shot(officer, out, "briefing-new-1366")
        officer.click("main form button[type=submit]")
        officer.wait_for_load_state()
        briefing_url = officer.url
        assert "/staf/acara/" in briefing_url, briefing_url
        event_code = officer.locator("strong.mono.big").inner_text()

        bad = folder / "daftar-hadir-salah.csv"
        bad.write_text(f"nama;nip\nA;{nips[0]}\nB;{nips[0]}\nC;12345\nD;199001012015011999\n")
        officer.set_input_files("[name=table]", str(bad))
        officer.click("form[action$='/daftar-hadir/'] button[type=submit]")
        officer.wait_for_load_state()
        assert officer.locator("[role=alert] tbody tr").count() == 3
        shot(officer, out, "briefing-attendance-errors-1366")
        good = folder / "daftar-hadir.csv"
        good.write_text(f"nama;nip\nA;{nips[0]}\nB;{nips[1]}\n")
        officer.set_input_files("[name=table]", str(good))
        officer.click("form[action$='/daftar-hadir/'] button[type=submit]")
        officer.wait_for_load_state()
        assert officer.url == briefing_url
        # Materials: slides left as PPTX (a ZIP) are refused with the reason; the PDF is kept.
        slides = folder / "materi-bimtek.pdf"
        slides.write_bytes(b"PK\x03\x04" + bytes(200))
        officer.set_input_files("[name=file]", str(slides))
        officer.click("form[action$='/materi/'] button[type=submit]")
        officer.wait_for_load_state()
        officer.locator("#materials-title").scroll_into_view_if_needed()
        shot(officer, out, "briefing-material-refused-1366")
        slides.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        officer.set_input_files("[name=file]", str(slides))
        officer.click("form[action$='/materi/'] button[type=submit]")
        officer.wait_for_load_state()
        assert officer.url == briefing_url
        assert officer.locator("a[href*='/materi-acara/']").count() >= 1
        shot(officer, out, "briefing-1366")
        officer.click("a[href$='/kode/']")
        officer.wait_for_load_state()
        shot(officer, out, "briefing-code-1366")
        check_in_url = officer.locator("strong.mono").first.inner_text()

        for width, viewport, nip, code in [(320, NARROW, *nips[2:3], *codes[2:3])] + [
            (390, PHONE, nips[3], codes[3])
        ]:
            asn = open_page(browser, viewport)
            asn.goto(check_in_url)  # what the QR code opens: the event code is filled in
            assert asn.input_value("[name=event_code]") == event_code
            asn.fill("[name=nip]", nip)
            if width == 320:
                asn.fill("[name=code]", "AAAA-AAAA")
                asn.click("main form button[type=submit]")
                asn.wait_for_load_state()
                shot(asn, out, "briefing-checkin-wrong-320")
            asn.fill("[name=code]", code)
            asn.click("main form button[type=submit]")
            asn.wait_for_load_state()
            assert "/hadir/selesai/" in asn.url, asn.url
            shot(asn, out, f"briefing-checked-in-{width}")
            with asn.expect_download() as download:  # the attendee gets the event's material
                asn.click("a[href*='/materi-acara/']")
            print("  material", download.value.suggested_filename)

        for width, viewport in [(320, NARROW), (390, PHONE)]:
            phone = signed_in(browser, base, "ppk.bantul", viewport)
            phone.goto(briefing_url)
            shot(phone, out, f"briefing-{width}")
            phone.goto(briefing_url + "kode/")
            shot(phone, out, f"briefing-code-{width}")
        officer.goto(campaign_url)
        officer.locator("#briefings-title").scroll_into_view_if_needed()
        shot(officer, out, "briefing-campaign-units-1366")
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="/tmp/netral-briefing-journey")
    args = parser.parse_args()
    main(args.base, Path(args.out))
