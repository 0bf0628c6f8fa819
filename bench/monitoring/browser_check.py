#!/usr/bin/env python
"""An officer in headless Chromium imports the sample file, reviews the flags, dismisses one and
promotes one to a case; screenshots of the queue and a finding at phone and laptop sizes.

    NETRAL_MODE=demo NETRAL_VAR_DIR=/tmp/netral-monitoring-var .venv/bin/netral runserver 8104
    .venv/bin/python bench/monitoring/browser_check.py --base http://127.0.0.1:8104

Uses Debian's Chromium (/usr/bin/chromium) through Playwright, like scripts/tour.py.
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "docs" / "samples" / "monitoring-bantul.jsonl"
ELECTION = "Pemilihan Bupati dan Wakil Bupati Bantul 2024"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
SIZES = {"phone": (390, 844), "laptop": (1280, 900)}


def login(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def journey(page, base: str, out: Path) -> None:
    page.goto(base + "/pemantauan/impor/")
    page.select_option("select[name=election]", label=ELECTION)
    page.set_input_files("input[name=file]", str(SAMPLE))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/pemantauan/impor/*/")
    expect(page.locator("#progress")).to_contain_text("Selesai")
    print("import:", " ".join(page.locator("#progress dl").inner_text().split()))
    page.click("text=Tinjau butir yang ditandai")
    rows = page.locator("#results tbody tr")
    print("flags to review:", rows.count())
    # Dismiss the lowest-scored flag with a reason (HTMX swaps the review fragment).
    rows.last.locator("a").first.click()
    page.fill("textarea[name=reason]", "Unggahan lama, bukan ajakan memilih")
    page.click("#review form:has(textarea) button")
    expect(page.locator("#review")).to_contain_text("Ditolak")
    print("dismissed:", page.url)
    # Promote the highest-scored flag to a case.
    page.goto(base + "/pemantauan/")
    page.locator("#results tbody tr").first.locator("a").first.click()
    page.click("text=Jadikan kasus")
    expect(page.locator("#review")).to_contain_text("KS-")
    print("promoted:", page.locator("#review a.mono").inner_text())


def screenshots(browser, base: str, username: str, password: str, out: Path) -> None:
    for size, (width, height) in SIZES.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        login(page, base, username, password)
        page.goto(base + "/pemantauan/?status=")
        page.screenshot(path=str(out / f"monitoring-queue-{size}.png"), full_page=True)
        page.locator("#results tbody tr").first.locator("a").first.click()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / f"monitoring-finding-{size}.png"), full_page=True)
        page.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8104")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--login", default="bawaslu.bantul")
    parser.add_argument("--password", default="netral-demo-2024")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        login(page, args.base, args.login, args.password)
        journey(page, args.base, out)
        page.close()
        screenshots(browser, args.base, args.login, args.password, out)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
