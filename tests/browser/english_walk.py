#!/usr/bin/env python
"""The English walk: every role's main pages (the audit's list) with the interface in English,
listing each line of the page that still reads as Indonesian.

    .venv/bin/python tests/browser/english_walk.py --base http://127.0.0.1:8000 [--out FILE]

A line is flagged when it holds two or more common Indonesian words (MARKERS); names of
bodies and places ("Bawaslu Kabupaten Bantul") and text people typed are expected there, so the
list is for reading, not a verdict. Exit status 1 when any line is flagged.
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


def indonesian(line: str) -> bool:
    words = [w.lower() for w in WORD.findall(line)]
    return sum(1 for w in words if w in MARKERS) >= 2


def walk(base: str) -> list[str]:
    flagged = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for username, paths in ROLES.items():
            page = sign_in(browser, base, username, 390)
            page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
            for path in pages_for(page, base, paths):
                response = page.goto(base + path)
                if response is None or response.status >= 400:
                    continue
                for line in page.inner_text("body").splitlines():
                    if indonesian(line):
                        flagged.append(f"{username or 'citizen'} {path}: {line.strip()[:160]}")
            page.close()
        browser.close()
    return flagged


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    flagged = walk(args.base)
    text = "\n".join(flagged)
    if args.out:
        args.out.write_text(text + "\n")
    print(text or "no Indonesian line found")
    print(f"{len(flagged)} lines flagged")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
