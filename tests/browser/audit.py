#!/usr/bin/env python
"""Phone-fit and accessibility audit: every role's main pages at 320, 390 and 1366 px.

    .venv/bin/python tests/browser/audit.py --base http://127.0.0.1:8000 [--axe] [--shots DIR]

For each demo role (and the anonymous citizen) the script opens the role's main pages, plus the
first row each list links to, and checks that nothing scrolls sideways: document.scrollWidth must
not exceed window.innerWidth. With --axe it also runs axe-core (vendored in tests/browser/vendor,
WCAG 2.1 A/AA rules) on each page at 390 px and counts serious and critical violations.
Exit status 1 when a page overflows (or, with --axe, has a serious/critical violation).
Not part of the test suite: it needs a browser and a running demo (`./scripts/demo`).
"""

import argparse
import json
import sys
from pathlib import Path

from common import ARGS, CHROMIUM, PASSWORD
from playwright.sync_api import Browser, Page, sync_playwright

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = (320, 390, 1366)

PUBLIC = [
    "/",
    "/lapor/",
    "/lapor/baru/",
    "/lapor/baru/?jalur=formal",
    "/lapor/cek/",
    "/aturan/",
    "/aturan/cek/",
    "/aturan/sanksi/",
    "/aturan/versi/",
    "/aturan/tenggat/",
    "/akun/masuk/",
    "/publik/",
    "/publik/kepatuhan-ppk/",
    "/publik/statistik/",
    "/publik/metodologi/",
    "/publik/data/",
    "/publik/indeks/",
    "/publik/pengumuman/",
    "/pencegahan/verifikasi/",
]
STAFF = [
    "/staf/",
    "/lapor/staf/",
    "/kasus/",
    "/kasus/kepatuhan-ppk/",
    "/kasus/notifikasi/",
    "/pemantauan/",
    "/pemantauan/akun/",
    "/registri/instansi/",
    "/akun/organisasi/",
    "/evaluasi/",
    "/evaluasi/tren/",
    "/evaluasi/laporan/",
]
# Which pages each role opens; a 403/404 is recorded, not an overflow.
ROLES: dict[str, list[str]] = {
    "": PUBLIC,
    "bawaslu.bantul": STAFF,
    "bawaslu.ri": STAFF,
    "bkn": ["/staf/", "/kasus/", "/kasus/kepatuhan-ppk/", "/kasus/notifikasi/", "/evaluasi/"],
    "ppk.bantul": ["/staf/", "/kasus/", "/kasus/notifikasi/", "/evaluasi/", "/pencegahan/staf/"],
    "kemendagri": ["/staf/", "/kasus/", "/kasus/kepatuhan-ppk/", "/evaluasi/"],
    "ombudsman.diy": ["/staf/", "/kasus/"],
    "admin": ["/staf/", "/akun/organisasi/", "/staf/jejak/"],
    "auditor.ugm": ["/staf/", "/publik/audit/", "/publik/audit/rekomendasi/"],
}
# A first detail page to follow from these lists (the first link matching the selector).
FOLLOW = {
    "/lapor/staf/": "a[href^='/lapor/staf/'][href$='/']",
    "/kasus/": "a[href^='/kasus/KS-']",
    "/publik/audit/rekomendasi/": "a[href^='/publik/audit/rekomendasi/'][href*='-']",
    "/pemantauan/": "a[href^='/pemantauan/temuan/']",
    "/aturan/": "a[href^='/aturan/kode/']",
    "/pencegahan/staf/": "a[href^='/pencegahan/staf/kampanye/']",
    "/evaluasi/laporan/": "a[href^='/evaluasi/laporan/']",
}

MEASURE = "() => [document.documentElement.scrollWidth, window.innerWidth]"
# What sticks out on the right, outside any element that scrolls or clips (for the diagnosis).
WIDEST = """() => { const w = window.innerWidth; const out = [];
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true; }
    return false; };
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1 && r.width > 0 && !clipped(el)) {
      const cls = typeof el.className === 'string' ? el.className.split(' ').join('.') : '';
      out.push(el.tagName.toLowerCase() + (cls ? '.' + cls : '') + ' ' + Math.round(r.right)); } }
  return out.slice(0, 4); }"""


def sign_in(browser: Browser, base: str, username: str, width: int) -> Page:
    # bypass_csp lets the audit inject axe-core; the app's own CSP is unchanged for everyone else.
    page = browser.new_page(viewport={"width": width, "height": 800}, bypass_csp=True)
    if username:
        page.goto(base + "/akun/masuk/")
        page.fill("[name=username]", username)
        page.fill("[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
    return page


def pages_for(page: Page, base: str, paths: list[str]) -> list[str]:
    out = []
    for path in paths:
        out.append(path)
        if path in FOLLOW:
            page.goto(base + path)
            link = page.locator(FOLLOW[path]).first
            if link.count():
                href = link.get_attribute("href")
                if href and href not in out:
                    out.append(href)
    return out


def axe(page: Page) -> list[dict]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length, "
        "target: v.nodes[0].target.join(' ')}))"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--axe", action="store_true")
    parser.add_argument("--shots", type=Path)
    parser.add_argument("--roles", help="comma-separated usernames ('-' for the citizen)")
    args = parser.parse_args()
    roles = ROLES
    if args.roles:
        wanted = [r if r != "-" else "" for r in args.roles.split(",")]
        roles = {r: ROLES[r] for r in wanted}
    overflow = visited = serious = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for user, paths in roles.items():
            who = user or "citizen"
            for width in WIDTHS:
                page = sign_in(browser, args.base, user, width)
                for path in pages_for(page, args.base, paths):
                    response = page.goto(args.base + path)
                    status = response.status if response else 0
                    scroll, inner = page.evaluate(MEASURE)
                    visited += 1
                    if scroll > inner:
                        overflow += 1
                        where = page.evaluate(WIDEST)
                        print(f"OVERFLOW {who} {width}px {path} [{status}] {scroll}>{inner}", where)
                    if status >= 400:
                        print(f"status {status}: {who} {path}")
                    if args.axe and width == 390 and status < 400:
                        found = axe(page)
                        serious += sum(v["nodes"] for v in found)
                        for v in found:
                            print(
                                f"AXE {who} {path} {v['impact']} {v['id']}", v["nodes"], v["target"]
                            )
                    if args.shots and width == 390 and status < 400 and path in paths[:2]:
                        name = f"phone-{who}-{path.strip('/').replace('/', '-') or 'home'}"
                        page.screenshot(path=str(args.shots / f"{name}.png"))
                page.close()
        browser.close()
    summary = {"pages": visited, "overflowing": overflow}
    if args.axe:
        summary["axe_serious_or_critical_nodes"] = serious
    print(json.dumps(summary))
    return 1 if overflow or serious else 0


if __name__ == "__main__":
    sys.exit(main())
