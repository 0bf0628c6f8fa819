"""What the browser journeys share: Chromium's flags, viewports, sign-in, photos, screenshots."""

import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, ConsoleMessage, Page

# Without the background-networking flags Chromium keeps calling out to a closed network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
CHROMIUM = "/usr/bin/chromium"  # Debian's package: the journeys never download a browser
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
PASSWORD = "netral-demo-2024"  # every demo login's (netral demo-data)


def photo(path: Path, colour: tuple[int, int, int] = (200, 40, 40)) -> Path:
    """A small JPEG to attach as evidence."""
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


# The widths every journey page must fit without sideways scrolling (docs/ui.md).
WIDTHS = (320, 390, 1366)
# Console lines of Content Security Policy refusals, per page (see `open_page`).
_CSP_REFUSALS: dict[int, list[str]] = {}


def open_page(browser: Browser, viewport: dict[str, int]) -> Page:
    """A new page whose Content Security Policy refusals are collected for `shot` to fail on
    (an HTMX swap that brings an inline script or style is refused by the strict policy)."""
    page = browser.new_page(viewport=viewport)
    refusals = _CSP_REFUSALS.setdefault(id(page), [])

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refusals.append(message.text)

    page.on("console", on_console)
    return page


def assert_fits(page: Page) -> None:
    """Nothing on the page scrolls sideways at 320, 390 or 1366 px; the page is resized to each
    width and back to its own."""
    size = page.viewport_size or PHONE
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": size["height"]})
            scroll, inner = page.evaluate(
                "() => [document.documentElement.scrollWidth, innerWidth]"
            )
            assert scroll <= inner, f"{page.url} is {scroll}px wide in a {inner}px window"
            _assert_menu_fits(page, width)
    finally:
        page.set_viewport_size(size)


# The account menu opened, measured, and closed again without a click (the page stays as it was).
_MENU_BOX = """() => {
  const menu = document.querySelector('details.user-menu');
  if (!menu) return null;
  const was = menu.open; menu.open = true;
  const box = menu.querySelector('.menu').getBoundingClientRect();
  menu.open = was;
  return [box.left, box.right, innerWidth];
}"""


def _assert_menu_fits(page: Page, width: int) -> None:
    """A drop-down that overflows to the left widens nothing, so scrollWidth misses it."""
    box = page.evaluate(_MENU_BOX)
    if box:
        left, right, inner = box
        where = f"{page.url} at {width}px"
        assert left >= 0 and right <= inner, f"{where}: the account menu spans {left}-{right}px"


def assert_no_csp_refusals(page: Page) -> None:
    refusals = _CSP_REFUSALS.get(id(page), [])
    assert not refusals, f"{page.url}: the Content Security Policy refused {refusals}"


def choose_bantul(page: Page) -> None:
    """On the report form: Kabupaten Bantul, then its election once the list has followed it."""
    page.select_option("[name=region_1]", "34")
    page.wait_for_selector("[name=region_2] option[value='34.02']", state="attached")
    page.select_option("[name=region_2]", "34.02")
    # reports.js redraws the election list for the chosen region: choose after it settles.
    page.wait_for_load_state("networkidle")
    bantul = page.locator("[name=election] option", has_text="Bantul")
    election = bantul.first.get_attribute("value") if bantul.count() else "kind:bupati"
    page.select_option("[name=election]", election)


def shot(page: Page, out: Path, name: str) -> None:
    """Checks the page (no sideways scroll at any width, no CSP refusal), then saves it."""
    assert_fits(page)
    assert_no_csp_refusals(page)
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    print("  saved", out / f"{name}.png")


def signed_in(browser: Browser, base: str, username: str, viewport: dict[str, int]) -> Page:
    """A page signed in as a demo officer (password only, in demo mode)."""
    page = open_page(browser, viewport)
    page.goto(base + "/akun/masuk/")
    page.fill("[name=username]", username)
    page.fill("[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


def open_first_campaign(page: Page, base: str) -> str:
    """The officer's first pledge campaign, opened from the staff list; returns its address."""
    page.goto(base + "/pencegahan/staf/")
    page.click("table a")
    page.wait_for_load_state()
    return page.url


def print_codes(page: Page, unit: str) -> tuple[list[str], list[str]]:
    """On a campaign page: prints the signing codes of `unit` (also of those whose code was
    e-mailed: journeys run one after another on the same demo); returns their NIPs and codes."""
    page.select_option("form[action$='/kode/'] select[name=unit]", unit)
    page.check("form[action$='/kode/'] [name=include_emailed]")
    page.click("form[action$='/kode/'] button[type=submit]")
    page.wait_for_load_state()
    return page.locator(".nip").all_inner_texts(), page.locator(".code").all_inner_texts()


def email_codes(page: Page, out: Path, nips: list[str], unit: str) -> None:
    """On a campaign page: lists addresses for `nips` and e-mails the codes of `unit`."""
    table = out / "alamat-surel.csv"
    table.write_text(
        "nip,email\n" + "".join(f"{nip},asn.{nip[-6:]}@bkpsdm.bantul.example\n" for nip in nips),
        encoding="utf-8",
    )
    page.set_input_files("form[action$='/alamat/'] [name=table]", str(table))
    page.click("form[action$='/alamat/'] button[type=submit]")
    page.wait_for_load_state()
    page.select_option("form[action$='/kode/surel/'] select[name=unit]", unit)
    page.click("form[action$='/kode/surel/'] button[type=submit]")
    page.wait_for_load_state()
