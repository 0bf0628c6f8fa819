#!/usr/bin/env python
"""The escalation ladder in headless Chromium: each rung reaches the body it addresses.

    .venv/bin/python tests/browser/escalation_journey.py --base http://127.0.0.1:8000 --out /tmp/esc

Starts from a demo case waiting at BKPSDM Kabupaten Bantul (stage "recommended"). The deadline
sweep's clock is moved (`netral sweep-deadlines --now`, demo mode) one rung at a time: BKN pusat
sends its reprimand and confirms the SIASN block from its own case page; Kemendagri finds the case
in its own queue and sends its reprimand; BKN's early lift of the block is refused with a message;
the PPK records a compliant decree (berat, with the SK); BKN lifts the block; the compliance page
counts the recommendation as followed. Phone and laptop screenshots of each step go to --out.
Not part of the test suite; the same journey runs through the services and views in
netral/cases/tests/test_enforcement_flow.py.
"""

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from common import ARGS, CHROMIUM, LAPTOP, PHONE, photo, shot, signed_in
from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CASE_CODE = re.compile(r"KS-[0-9A-Z]{4}-[0-9A-Z]{4}")
REASON = "Keputusan hukuman disiplin berat ditetapkan sesuai rekomendasi BKN setelah pemeriksaan."


def local_today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()


def sweep(moment: dt.date) -> None:
    """The deadline sweep as if it were `moment` (demo mode only)."""
    env = {**os.environ, "NETRAL_MODE": "demo"}
    command = [sys.executable, "-m", "netral", "sweep-deadlines", "--now", moment.isoformat()]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    print("  sweep-deadlines --now", moment, "→", done.stdout.strip())


def act_on_rung(page: Page, base: str, code: str, action: str, out: Path, name: str) -> None:
    page.goto(f"{base}/kasus/{code}/")
    expect(page.locator("#rung-title")).to_be_visible()
    page.click("#rung-title ~ .action-buttons a")
    form = page.locator("#rung-panel form")
    expect(form).to_be_visible()
    form.locator(f"[name=action][value={action}]").check()
    shot(page, out, name)
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages .message.success")).to_be_visible()


def climb_until(
    page: Page, base: str, code: str, day: dt.date, *labels: str
) -> tuple[dt.date, str]:
    """Moves the sweep's clock a month at a time until the body's card "Escalation addressed to
    you" offers one of the rungs `labels`; the day and the rung's label."""
    for _ in range(8):
        page.goto(f"{base}/kasus/{code}/")
        card = page.locator("#rung-title ~ .action-buttons a")
        if card.count():
            text = card.first.inner_text()
            found = next((label for label in labels if label in text), None)
            if found:
                return day, found
        day += dt.timedelta(days=31)
        sweep(day)
    raise AssertionError(f"none of the rungs {labels!r} reached {code}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="/tmp/escalation-journey")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    base = args.base
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ppk = signed_in(browser, base, "ppk.bantul", PHONE)
        ppk.goto(base + "/kasus/?state=recommended")
        found = CASE_CODE.search(ppk.locator("main").inner_text())
        assert found, "no demo case waits at the PPK: run ./scripts/demo first"
        code = found.group(0)
        print("case", code)
        bkn = signed_in(browser, base, "bkn", LAPTOP)
        kemendagri = signed_in(browser, base, "kemendagri", PHONE)
        day = local_today()
        reprimand, block = "Teguran kepada PPK oleh BKN", "Pemblokiran data ASN di SIASN"
        day, rung = climb_until(bkn, base, code, day, reprimand, block)
        if rung == reprimand:  # a demo case may already stand higher on the ladder
            act_on_rung(bkn, base, code, "send_reprimand", out, "1-bkn-reprimand-laptop")
            day, rung = climb_until(bkn, base, code, day, block)
        act_on_rung(bkn, base, code, "confirm_block", out, "2-bkn-siasn-block-laptop")
        day, rung = climb_until(kemendagri, base, code, day, "kementerian pembina")
        kemendagri.goto(base + "/kasus/")
        expect(kemendagri.locator("main")).to_contain_text(code)
        shot(kemendagri, out, "3-kemendagri-queue-phone")
        act_on_rung(kemendagri, base, code, "send_reprimand", out, "4-kemendagri-reprimand-phone")
        # Lifting before a compliant decree: a clear message, nothing changes.
        bkn.goto(f"{base}/kasus/{code}/")
        bkn.click("form[action$='/blokir-siasn/angkat/'] button[type=submit]")
        expect(bkn.locator(".messages .message.error")).to_contain_text("SIASN")
        shot(bkn, out, "5-early-lift-refused-laptop")
        # The PPK records the recommended sanction with its SK.
        ppk.goto(f"{base}/kasus/{code}/langkah/record_ppk_decision/")
        form = ppk.locator("main form[action$='/langkah/record_ppk_decision/']")
        form.locator("[name=decree_number]").fill("800.1.6.4/301/2026")
        form.locator("[name=decree_date]").fill(local_today().isoformat())
        form.locator("[name=decree_signatory]").fill("Bupati Bantul")
        form.locator("[name=sanction]").select_option("PP94-BERAT-TURUN")
        form.locator("[name=reasoning]").fill(REASON)
        form.locator("[name=decree_file]").set_input_files(str(photo(out / "sk.jpg")))
        form.locator("button[type=submit]").click()
        expect(ppk.locator(".messages .message.success")).to_be_visible()
        bkn.goto(f"{base}/kasus/{code}/")
        bkn.click("form[action$='/blokir-siasn/angkat/'] button[type=submit]")
        expect(bkn.locator(".messages .message.success")).to_be_visible()
        expect(bkn.locator(".timeline")).to_contain_text("Pemblokiran SIASN dicabut")
        shot(bkn, out, "6-block-lifted-laptop")
        bkn.goto(base + "/kasus/kepatuhan-ppk/")
        shot(bkn, out, "7-compliance-laptop")
        browser.close()
    print("done:", out)


if __name__ == "__main__":
    main()
