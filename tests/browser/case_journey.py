#!/usr/bin/env python
"""The whole journey of a case in headless Chromium, across Bawaslu, BKN and the PPK.

    .venv/bin/python tests/browser/case_journey.py --base http://127.0.0.1:8000 --out /tmp/cases

A citizen files a formal report on a phone (a Bantul teacher liking and sharing campaign posts,
DS-06) → Bawaslu Bantul accepts it from its intake queue, which opens a case, then reviews,
registers, examines and decides an ASN neutrality violation → BKN verifies and recommends a
sanction to the PPK → the PPK examines and records its decree → BKN closes the follow-up → the
reporter's receipt page shows the progress. At each hand-off the script checks what the others
see: Bawaslu Sleman gets a 404, BKN and the PPK never see the reporter, the PPK's queue lists the
case only once it is theirs. Then a second case is left unanswered at the PPK, and
`netral sweep-deadlines --now` moves the sweep's clock past its deadline: the missed deadline,
the reminder letter and the escalation appear on the case page, in the PPK's and BKN's queues
and in their notices.

Run it from the repository root against the demo (`./scripts/demo`): the clock is moved with
`.venv/bin/netral` in demo mode, on the demo's database. Screenshots of each step go to --out.
Not part of the test suite (it needs a browser and a running server); the same journey runs
through the services in netral/cases/tests/test_flow.py.
"""

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from common import (
    ARGS,
    CHROMIUM,
    LAPTOP,
    PHONE,
    choose_bantul,
    open_page,
    photo,
    shot,
    signed_in,
)
from playwright.sync_api import Browser, Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CASE_CODE = re.compile(r"KS-[0-9A-Z]{4}-[0-9A-Z]{4}")

REPORTER = "Rina Marlina"
REPORTER_NIK = "3402124107900001"
REASON = (
    "Tangkapan layar dan klarifikasi terlapor menunjukkan bahwa terlapor menyukai dan "
    "membagikan unggahan kampanye pasangan calon nomor 2 di Facebook pada masa kampanye."
)
DECREE = "800.1.6.4/217/2026"


def local_today() -> dt.date:
    return dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()


def submit_report(page: Page, base: str, out: Path, subject: str) -> tuple[str, str]:
    """A formal report (identity kept with Bawaslu) on a phone; returns receipt and number."""
    today = local_today()
    page.goto(base + "/lapor/baru/?jalur=formal")
    page.fill("[name=subject_name]", subject)
    page.fill("[name=subject_agency]", "Dinas Pendidikan Kabupaten Bantul")
    page.fill("[name=subject_position]", "Guru SD Negeri 2 Bantul")
    page.fill("[name=incident_date]", (today - dt.timedelta(days=2)).isoformat())
    page.fill("[name=discovered_on]", (today - dt.timedelta(days=1)).isoformat())
    choose_bantul(page)
    page.check("[name=category][value=social_media_support]")
    page.fill(
        "textarea[name=description]",
        f"{subject}, guru PNS, menyukai dan membagikan unggahan kampanye calon nomor 2 di "
        "Facebook.",
    )
    page.fill("textarea[name=links]", "https://facebook.com/contoh/posts/456")
    page.set_input_files("[name=evidence]", str(photo(out / "tangkapan-layar.jpg")))
    page.fill("[name=reporter_name]", REPORTER)
    page.fill("[name=reporter_nik]", REPORTER_NIK)
    page.fill("[name=reporter_address]", "Jl. Parangtritis km 5, Sewon, Bantul")
    page.fill("[name=reporter_phone]", "081234567890")
    page.click("main form[enctype] button[type=submit] >> nth=-1")
    try:
        page.wait_for_selector(".receipt-code", timeout=15000)
    except Exception:
        shot(page, out, "error-report-form")
        raise
    receipt = page.inner_text(".receipt-code").strip()
    number = page.inner_text(".receipt dd").strip()
    print("  receipt", receipt, "report", number)
    return receipt, number


def officer(browser: Browser, base: str, username: str) -> Page:
    return signed_in(browser, base, username, LAPTOP)


def accept_report(page: Page, base: str, number: str) -> tuple[str, str]:
    """Bawaslu accepts the report from its intake queue; returns the case code and the report's
    staff page."""
    page.goto(base + "/lapor/staf/")
    page.locator("main a", has_text=number).first.click()
    report_url = page.url
    page.click("#panel form[action$='/terima/'] button")
    link = page.locator("#panel a[href*='/kasus/KS-']")
    expect(link).to_be_visible()
    code = CASE_CODE.search(link.get_attribute("href") or "").group(0)
    print("  report", number, "opened case", code)
    return code, report_url


def take_step(
    page: Page, base: str, code: str, action: str, *, out: Path | None = None,
    name: str = "", **fields: str | list[str],
) -> None:  # fmt: skip
    """Opens the step's form in place (HTMX), fills it and confirms; the case page comes back.

    With `name`, a screenshot of the filled form is taken before confirming.
    """
    page.goto(f"{base}/kasus/{code}/")
    page.click(f".action-buttons a[href$='/langkah/{action}/']")
    form = page.locator(f"#action-panel form[action$='/langkah/{action}/']")
    expect(form).to_be_visible()
    for field, value in fields.items():
        target = form.locator(f"[name={field}]")
        if field.endswith("_file"):
            target.set_input_files(value)
        elif isinstance(value, list) and field == "codes":  # the code picker: checkboxes
            for box in form.locator("[name=codes]:checked").all():
                box.uncheck()
            for catalogue_code in value:  # not `code`: that is the case's, checked below
                form.locator(f"[name=codes][value='{catalogue_code}']").check()
        elif isinstance(value, list) or target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)
    if out is not None and name:
        shot(page, out, name)
    form.locator("button[type=submit]").click()
    try:
        expect(page).to_have_url(re.compile(rf"/kasus/{code}/$"))
        expect(page.locator(".messages .message.success")).to_be_visible()
    except AssertionError:
        shot(page, out or Path("/tmp"), f"error-step-{action}")
        raise
    print("  step", action, "done on", code)


def expect_not_found(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 404, (url, response and response.status)


def expect_refused(page: Page, url: str) -> None:
    """Not shown: 404 for a case or report it may not see, 403 for a page it has no seat on."""
    response = page.goto(url)
    assert response is not None and response.status in (403, 404), (url, response.status)


def expect_queue(page: Page, base: str, code: str, *, listed: bool, scope: str = "") -> None:
    """Whether the queue (the organisation's own work by default) lists the case."""
    page.goto(f"{base}/kasus/" + (f"?scope={scope}" if scope else ""))
    row = page.locator("#results a.case-code", has_text=code)
    expect(row).to_have_count(1 if listed else 0)


def expect_owner(page: Page, base: str, code: str, owner: str, *, acts: bool) -> None:
    """The case page names its owner; only the owner's officers get step buttons."""
    page.goto(f"{base}/kasus/{code}/")
    expect(page.locator(".page-header")).to_contain_text(owner)
    buttons = page.locator(".action-buttons a")
    if acts:
        expect(buttons.first).to_be_visible()
    else:
        expect(buttons).to_have_count(0)


def expect_no_reporter(
    page: Page, base: str, code: str, report_url: str, *, letters: bool = False
) -> None:
    """BKN and the PPK see neither the reporter's identity, nor its button, nor the report.

    With `letters`, every letter of the case is read too (each reading is on the timeline).
    """
    page.goto(f"{base}/kasus/{code}/")
    main = page.locator("main")
    expect(main).not_to_contain_text(REPORTER)
    expect(main).not_to_contain_text(REPORTER_NIK)
    expect(page.locator("form[action$='/identitas/']")).to_have_count(0)
    hrefs = [a.get_attribute("href") for a in page.locator(".doc-list a").all()] if letters else []
    for href in hrefs:
        text = page.request.get(f"{base}{href}").text()
        assert REPORTER not in text and REPORTER_NIK not in text, href
    expect_refused(page, report_url)


def sweep(moment: dt.date) -> None:
    """The deadline sweep as if it were `moment` (demo mode only), on the demo's database."""
    command = [sys.executable, "-m", "netral", "sweep-deadlines", "--now", moment.isoformat()]
    env = {**os.environ, "NETRAL_MODE": "demo"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    print("  sweep-deadlines --now", moment, "→", done.stdout.strip())


def first_case(browser: Browser, citizen: Page, base: str, out: Path) -> tuple[str, Page, Page]:
    """Report → Bawaslu Bantul → BKN → PPK → closed, checking who sees what at each hand-off."""
    receipt, number = submit_report(citizen, base, out, "Sugeng Riyadi")
    expect(citizen.locator(".receipt")).to_contain_text(number)
    shot(citizen, out, "1-receipt-phone")

    bantul, sleman, bkn, ppk = (
        officer(browser, base, name)
        for name in ("bawaslu.bantul", "bawaslu.sleman", "bkn.kanreg1", "ppk.bantul")
    )
    sleman.goto(base + "/lapor/staf/")
    expect(sleman.locator("main")).not_to_contain_text(number)
    code, report_url = accept_report(bantul, base, number)
    shot(bantul, out, "2-report-accepted")
    case_url = f"{base}/kasus/{code}/"
    expect_not_found(sleman, case_url)

    take_step(bantul, base, code, "start_review")
    take_step(bantul, base, code, "register",
              registration_number="021/Reg/LP/PB/34.02/XII/2026", reasoning=REASON)  # fmt: skip
    take_step(bantul, base, code, "start_examination")
    expect_not_found(sleman, case_url)
    expect_not_found(ppk, case_url)
    expect_not_found(bkn, case_url)
    expect_queue(ppk, base, code, listed=False, scope="all")
    take_step(bantul, base, code, "decide_asn_violation", out=out, name="3-decide-ds06",
              codes=["DS-06"], reasoning=REASON)  # fmt: skip
    expect_owner(bantul, base, code, "BKN Kantor Regional I Yogyakarta", acts=False)
    expect(bantul.locator("main")).to_contain_text("DS-06")

    expect_queue(bkn, base, code, listed=True)
    expect_no_reporter(bkn, base, code, report_url)
    expect_not_found(sleman, case_url)
    expect_not_found(ppk, case_url)
    expect_queue(ppk, base, code, listed=False, scope="all")
    take_step(bkn, base, code, "recommend_sanction", out=out, name="4-bkn-recommends",
              codes=["DS-06"], sanction_category="HD_BERAT", reasoning=REASON)  # fmt: skip

    expect_queue(ppk, base, code, listed=True)
    expect_no_reporter(ppk, base, code, report_url)
    expect_not_found(sleman, case_url)
    take_step(ppk, base, code, "start_disciplinary_examination",
              examination_team_0="Kepala Dinas Pendidikan Kabupaten Bantul",
              examination_team_1="Inspektur Pembantu II",
              examination_team_2="Kepala Bidang Disiplin BKPSDM")  # fmt: skip
    take_step(ppk, base, code, "record_ppk_decision", out=out, name="5-ppk-decree",
              decree_number=DECREE, decree_date=local_today().isoformat(),
              sanction="PP94-BERAT-TURUN", reasoning=REASON,
              decree_signatory="Bupati Bantul",
              decree_file=str(photo(out / "sk-bupati.jpg", (240, 240, 230))))  # fmt: skip
    expect_owner(ppk, base, code, "BKN Kantor Regional I Yogyakarta", acts=False)
    expect_no_reporter(ppk, base, code, report_url)

    take_step(bkn, base, code, "close_follow_up",
              reasoning="Keputusan disampaikan kepada terlapor dan dicatat di I'DIS.")  # fmt: skip
    expect(bkn.locator(".timeline")).to_contain_text(DECREE)
    expect(bkn.locator(".timeline")).not_to_contain_text("PP94-BERAT-TURUN")  # named, not keyed
    expect(bkn.locator(".action-buttons a")).to_have_count(0)
    shot(bkn, out, "6-closed")
    expect_not_found(sleman, case_url)
    for page in (bkn, ppk):
        expect_no_reporter(page, base, code, report_url, letters=True)

    citizen.goto(base + "/lapor/cek/")
    citizen.fill("[name=receipt]", receipt)
    citizen.click("main form button[type=submit]")
    expect(citizen.locator("section.status")).to_contain_text("ditutup")  # "closed", in Bahasa
    progress = citizen.locator("#progress")
    expect(progress.locator("li")).to_have_count(7)
    expect(progress.locator("li[aria-current=step]")).to_have_count(1)
    expect(progress.locator("li").last).to_have_attribute("aria-current", "step")
    for private in (DECREE, "BKPSDM", "BKN Kantor Regional", "Agus Prasetyo"):
        expect(progress).not_to_contain_text(private)  # stages and dates, never names
    shot(citizen, out, "7-receipt-progress-phone")
    return code, bkn, ppk


def ignored_case(browser: Browser, citizen: Page, bkn: Page, ppk: Page, base: str, out: Path):
    """A second case recommended to the PPK, which does nothing; the sweep escalates it."""
    _receipt, number = submit_report(citizen, base, out, "Wahyu Nugroho")
    bantul = officer(browser, base, "bawaslu.bantul")
    code, _report = accept_report(bantul, base, number)
    take_step(bantul, base, code, "start_review")
    take_step(bantul, base, code, "register",
              registration_number="022/Reg/LP/PB/34.02/XII/2026", reasoning=REASON)  # fmt: skip
    take_step(bantul, base, code, "start_examination")
    take_step(bantul, base, code, "decide_asn_violation", codes=["DS-06"], reasoning=REASON)
    take_step(bkn, base, code, "recommend_sanction", codes=["DS-06"], reasoning=REASON)

    ppk.goto(f"{base}/kasus/{code}/")
    letters = ppk.locator(".doc-list li").count()
    expect(ppk.locator(".timeline .event-escalated")).to_have_count(0)
    left = int(re.search(r"\d+", ppk.locator(".step-list .badge").first.inner_text()).group(0))
    sweep(local_today() + dt.timedelta(days=left + 1))

    # Nobody acted: the sweep alone wrote these, and every page shows them on its next load.
    ppk.goto(f"{base}/kasus/{code}/")
    expect(ppk.locator(".step-list .badge.danger")).to_have_count(1)  # deadline missed
    expect(ppk.locator(".step-list li")).to_have_count(2)  # the PPK's step and the reminder's
    # The recommendation is ignored, and its outcome is "no decision by the deadline".
    expect(ppk.locator(".rec .badge.danger")).to_have_count(2)
    expect(ppk.locator(".timeline .event-deadline_missed")).to_have_count(1)
    expect(ppk.locator(".timeline .event-escalated")).to_have_count(1)
    expect(ppk.locator(".doc-list li")).to_have_count(letters + 1)  # the reminder letter
    shot(ppk, out, "8-escalated-ppk")
    ppk.goto(base + str(ppk.locator(".doc-list a").first.get_attribute("href")))  # newest first
    expect(ppk.locator("body")).to_contain_text(code)
    shot(ppk, out, "9-reminder-letter")

    expect_queue(ppk, base, code, listed=True)
    expect_queue(bkn, base, code, listed=True, scope="handed_on")
    for page in (ppk, bkn):
        page.goto(f"{base}/kasus/notifikasi/")
        notices = page.locator(f".notice-list li.unread a[href$='/kasus/{code}/']")
        expect(notices.first).to_be_visible()
    # Handed over, deadline missed, escalated.
    assert ppk.locator(f".notice-list a[href$='/kasus/{code}/']").count() >= 3
    shot(ppk, out, "10-ppk-notices")
    return code


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="/tmp/netral-case-journey")
    args = parser.parse_args()
    base, out = args.base.rstrip("/"), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        citizen = open_page(browser, PHONE)
        code, bkn, ppk = first_case(browser, citizen, base, out)
        print("  closed", code)
        escalated = ignored_case(browser, citizen, bkn, ppk, base, out)
        print("  escalated", escalated)
        browser.close()
    print("journey complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
