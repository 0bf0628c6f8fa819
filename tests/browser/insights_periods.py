"""Browser walk of the evaluation dashboards with a period of other days (decision 0170): a
Bawaslu kabupaten officer, a Bawaslu provinsi supervisor, BKN and Kemendagri, at 320, 390 and
1366 px; every page must fit its width, show figures or its empty state, and say when they were
counted.

    python tests/browser/insights_periods.py --base http://127.0.0.1:8103 --out /tmp/shots \
        --from 2026-11-03 --to 2026-12-02
"""

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ARGS, CHROMIUM, shot, signed_in  # noqa: E402

READERS = ["bawaslu.bantul", "bawaslu.diy", "bkn", "kemendagri"]
WIDTHS = [320, 390, 1366]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=Path("/tmp/insights-periods"))
    parser.add_argument("--from", dest="start", required=True)
    parser.add_argument("--to", dest="end", required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    query = f"?date_from={args.start}&date_to={args.end}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for reader in READERS:
            for width in WIDTHS:
                page = signed_in(browser, args.base, reader, {"width": width, "height": 900})
                response = page.goto(args.base + "/evaluasi/" + query)
                assert response is not None and response.status == 200, (reader, width)
                text = page.inner_text("main")
                assert args.start[:4] in page.content(), "the period is shown in the form"
                print(reader, width, "counted as of" if "Angka per" in text else "live")
                shot(page, args.out, f"insights-period-{reader.replace('.', '-')}-{width}")
                page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
