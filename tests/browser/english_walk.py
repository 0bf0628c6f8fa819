#!/usr/bin/env python
"""The English walk: every role's main pages (the audit's list) with the interface in English,
listing each line of the page that still reads as Indonesian.

    .venv/bin/python tests/browser/english_walk.py --base http://127.0.0.1:8000 [--out FILE]

A line is flagged when it holds two or more common Indonesian words (MARKERS). Text people typed
and names from reference data are expected in Indonesian: the fragments listed in
english_walk_typed.txt are taken out of a line before it is judged, and elements marked as not
English (`lang="id"`, `translate="no"`: quoted terms, file names) are hidden while a page is read.
Exit status 1 when any line is still flagged; the typed lines set aside are listed too.
Not part of the test suite: it needs a browser and a running demo (`./scripts/demo`).
"""

import argparse
import re
import sys
from pathlib import Path

from audit import ROLES, pages_for, sign_in
from common import ARGS, CHROMIUM
from playwright.sync_api import sync_playwright

# Words that are common in Indonesian interface text and are not English words.
MARKERS = frozenset(
    [
        "yang",
        "dan",
        "untuk",
        "dengan",
        "tidak",
        "belum",
        "sudah",
        "atau",
        "dari",
        "pada",
        "ini",
        "itu",
        "oleh",
        "akan",
        "dapat",
        "harus",
        "laporan",
        "kasus",
        "pelapor",
        "tenggat",
        "hari",
        "sejak",
        "sampai",
        "diterima",
        "ditolak",
        "menunggu",
        "lihat",
        "semua",
        "wajib",
        "opsional",
        "pilih",
        "kirim",
        "simpan",
        "batal",
        "keputusan",
        "rekomendasi",
        "sanksi",
        "pemeriksaan",
        "tanggal",
        "wilayah",
        "instansi",
        "pemilihan",
        "pegawai",
        "dalam",
        "atas",
        "bagi",
        "tentang",
        "kami",
        "anda",
    ]
)
WORD = re.compile(r"[a-zA-Z]+")
TYPED_FILE = Path(__file__).resolve().parent / "english_walk_typed.txt"
TYPED = [
    re.compile(line)
    for line in TYPED_FILE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
# Hides what is marked as not English before the page's text is read.
HIDE_MARKED = """() => { for (const el of document.body.querySelectorAll(
  '[lang]:not([lang^="en"]), [translate="no"]')) el.style.display = 'none'; }"""


def indonesian(line: str) -> bool:
    words = [w.lower() for w in WORD.findall(line)]
    return sum(1 for w in words if w in MARKERS) >= 2


def untyped(line: str) -> str:
    """The line without the fragments people typed (english_walk_typed.txt)."""
    for pattern in TYPED:
        line = pattern.sub(" ", line)
    return line


def walk(base: str) -> tuple[list[str], list[str]]:
    flagged, typed = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for username, paths in ROLES.items():
            page = sign_in(browser, base, username, 390)
            page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
            for path in pages_for(page, base, paths):
                response = page.goto(base + path)
                if response is None or response.status >= 400:
                    continue
                page.evaluate(HIDE_MARKED)
                for line in page.inner_text("body").splitlines():
                    if not indonesian(line):
                        continue
                    where = f"{username or 'citizen'} {path}: {line.strip()[:160]}"
                    (flagged if indonesian(untyped(line)) else typed).append(where)
            page.close()
        browser.close()
    return flagged, typed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    flagged, typed = walk(args.base)
    text = "\n".join(flagged)
    if args.out:
        set_aside = "".join(f"typed: {line}\n" for line in typed)
        args.out.write_text(text + "\n" + set_aside)
    print(text or "no Indonesian line found outside typed data")
    print(f"{len(flagged)} lines flagged; {len(typed)} lines of typed data set aside")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
