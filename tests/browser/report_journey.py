#!/usr/bin/env python
"""The reporting journey in headless Chromium, on a phone, against a running demo.

    .venv/bin/python tests/browser/report_journey.py --base http://127.0.0.1:8000 --out /tmp/journey

An anonymous tip with a photo → receipt → status page → the Bantul Bawaslu officer sees it and
the Sleman officer does not → the officer asks a question → the reporter answers through the
receipt → the officer reads the answer → a second, alike tip is linked to the first by the
worker's duplicate check, and the officer sees the hint at 320, 390 and 1366 px. Screenshots of
each step go to --out. Not part of the test suite (it needs a browser and a running server); the
same journey runs as a test through the HTML views and the API in
netral/reports/tests/test_journey.py.
"""

import argparse
import sys
from pathlib import Path

from common import (
    ARGS,
    CHROMIUM,
    PHONE,
    WIDTHS,
    choose_bantul,
    open_page,
    photo,
    shot,
    signed_in,
)
from playwright.sync_api import expect, sync_playwright


def submit_tip(page, base: str, out: Path) -> tuple[str, str]:
    page.goto(base + "/lapor/baru/?jalur=tip")
    page.fill("[name=subject_name]", "Sugeng Riyadi")
    page.fill("[name=subject_agency]", "Dinas Pendidikan Kabupaten Bantul")
    page.fill("[name=incident_date]", "2024-10-20")
    choose_bantul(page)
    page.check("[name=category][value=social_media_support]")
    page.fill("textarea[name=description]", "Guru PNS membagikan poster calon nomor 2 di Facebook.")
    page.set_input_files("[name=evidence]", str(photo(out / "bukti.jpg")))
    shot(page, out, "1-form")
    page.click("main form[enctype] button[type=submit] >> nth=-1")
    try:
        page.wait_for_selector(".receipt-code", timeout=15000)
    except Exception:
        shot(page, out, "1-form-after-submit")
        raise
    shot(page, out, "2-receipt")
    receipt = page.inner_text(".receipt-code").strip()
    number = page.inner_text(".receipt dd").strip()
    print("  receipt", receipt, "report", number)
    return receipt, number


def staff_page(browser, base: str, username: str):
    page = signed_in(browser, base, username, PHONE)
    page.goto(base + "/lapor/staf/")
    return page


def see_duplicate_hint(page, base: str, second: str, first: str, out: Path) -> None:
    """The worker's next pass links the alike tip to the first; the officer sees the hint."""
    page.goto(base + "/lapor/staf/")
    page.click(f"text={second}")
    heading = page.get_by_role("heading", name="Kemungkinan duplikat")
    hint = page.locator("section", has=heading)
    for _attempt in range(20):  # the worker passes every second or so
        if hint.count() and first in hint.inner_text():
            break
        if hint.count() and "belum berjalan" in hint.inner_text():  # staff are told it waits
            shot(page, out, "8-duplicate-check-waiting")
        page.wait_for_timeout(1000)
        page.reload()
    expect(hint).to_contain_text(first)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        hint.scroll_into_view_if_needed()
        shot(page, out, f"8-duplicate-hint-{width}")
    print("  report", second, "names", first, "as a possible duplicate")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="/tmp/netral-journey")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        reporter = open_page(browser, PHONE)
        receipt, number = submit_tip(reporter, args.base, out)
        reporter.goto(args.base + "/lapor/cek/")
        reporter.fill("[name=receipt]", receipt)
        reporter.click("main form button[type=submit]")
        shot(reporter, out, "3-status")

        sleman = staff_page(browser, args.base, "bawaslu.sleman")
        expect(sleman.locator("main")).not_to_contain_text(number)
        print("  Sleman's queue does not show", number)

        bantul = staff_page(browser, args.base, "bawaslu.bantul")
        expect(bantul.locator("main")).to_contain_text(number)
        shot(bantul, out, "4-bantul-queue")
        bantul.click(f"text={number}")
        bantul.fill("[name=message]", "Apakah Anda punya tautan ke unggahan tersebut?")
        bantul.click("text=Tanyakan kepada pelapor")
        expect(bantul.locator("main")).to_contain_text("tautan ke unggahan")
        shot(bantul, out, "5-question")

        reporter.goto(args.base + "/lapor/cek/")
        reporter.fill("[name=receipt]", receipt)
        reporter.click("main form button[type=submit]")
        expect(reporter.locator("main")).to_contain_text("tautan ke unggahan")
        reporter.fill("[name=body]", "Ya: https://facebook.com/contoh/posts/123")
        reporter.click("text=Kirim")
        shot(reporter, out, "6-reply")

        bantul.reload()
        expect(bantul.locator("main")).to_contain_text("facebook.com/contoh/posts/123")
        shot(bantul, out, "7-officer-reads-reply")

        (out / "second").mkdir(exist_ok=True)
        _receipt, second = submit_tip(open_page(browser, PHONE), args.base, out / "second")
        see_duplicate_hint(bantul, args.base, second, number, out)
        browser.close()
    print("journey complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
