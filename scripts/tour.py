#!/usr/bin/env python
"""Walks a running Netral in headless Chromium and saves screenshots, as a person would see it.

    .venv/bin/python scripts/tour.py --base http://127.0.0.1:8000 --out /tmp/tour \
        --login bawaslu.bantul --page /staf/ --page /lapor/staf/

Uses Debian's Chromium (/usr/bin/chromium) through Playwright; no browser is downloaded.
Without --login it visits the pages anonymously. Each page is saved at phone (390x844) and laptop
(1280x900) sizes; the script prints each URL with its HTTP status and fails on a 5xx.
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SIZES = {"phone": (390, 844), "laptop": (1280, 900)}


def login(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="/tmp/netral-tour")
    parser.add_argument("--login", help="username to log in with")
    parser.add_argument("--password", default="netral-demo-2024")
    parser.add_argument("--page", action="append", default=[], help="path to visit (repeatable)")
    parser.add_argument("--size", choices=[*SIZES, "both"], default="both")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sizes = SIZES if args.size == "both" else {args.size: SIZES[args.size]}
    failed = False
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for size_name, (width, height) in sizes.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            if args.login:
                login(page, args.base, args.login, args.password)
            for path in args.page or ["/"]:
                response = page.goto(args.base + path)
                status = response.status if response else 0
                name = (args.login or "anon") + "_" + (path.strip("/").replace("/", "_") or "home")
                target = out / f"{name}_{size_name}.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"{status} {path} -> {target}")
                failed = failed or status >= 500
            page.close()
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
