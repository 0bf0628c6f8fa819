"""Evidence from a link: the page fetched by headless Chromium, kept as WARC plus a screenshot.

Optional (the `capture` extra: Playwright for Python, driven against the system's Chromium at
/usr/bin/chromium; no browser is ever downloaded). `available()` says whether it can run; a
caller without it shows that capture is not installed instead of failing.

`capture(url)` returns the bytes of a gzipped WARC/1.1 file (the HTTP `response` record of the
page and a `resource` record of the screenshot) and of a full-page PNG screenshot, each with its
SHA-256, or raises `CaptureFailed` with a reason code: `gone` (404/410), `refused` (other HTTP
errors, a refused or reset connection, a name that does not resolve), `timeout`, `invalid` (not
an http(s) address), `unavailable` (Playwright or Chromium missing).

The background task `tasks.capture_finding` runs it for a finding's address
(services/capturing.py): files in private storage, SHA-256 sums on the finding and in its events.
"""

import datetime as dt
import hashlib
import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
TIMEOUT_MS = 20_000
REASONS = ("gone", "refused", "timeout", "invalid", "unavailable")


class CaptureFailed(Exception):
    """The page could not be captured; `reason` is one of REASONS."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Capture:
    url: str
    final_url: str
    status: int
    captured_at: dt.datetime
    warc: bytes
    warc_sha256: str
    screenshot: bytes
    screenshot_sha256: str


def available(chromium: Path = CHROMIUM) -> bool:
    """Playwright is importable and the system's Chromium exists."""
    return chromium.exists() and importlib.util.find_spec("playwright") is not None


def capture(url: str, *, chromium: Path = CHROMIUM, timeout_ms: int = TIMEOUT_MS) -> Capture:
    """Fetches `url` in headless Chromium; WARC and screenshot, both hashed."""
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise CaptureFailed("invalid", url)
    if not available(chromium):
        raise CaptureFailed("unavailable", "Playwright or Chromium is not installed")
    from playwright.sync_api import Error, sync_playwright

    captured_at = dt.datetime.now(dt.UTC)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            try:
                response = page.goto(url, timeout=timeout_ms, wait_until="load")
            except Error as exc:
                message = str(exc)
                reason = "timeout" if "Timeout" in message else "refused"
                raise CaptureFailed(reason, message.splitlines()[0]) from None
            if response is None:
                raise CaptureFailed("refused", "no response")
            if response.status in (404, 410):
                raise CaptureFailed("gone", f"HTTP {response.status}")
            if response.status >= 400:
                raise CaptureFailed("refused", f"HTTP {response.status}")
            body = response.body()
            headers = [(h["name"], h["value"]) for h in response.headers_array()]
            status, status_text = response.status, response.status_text or "OK"
            screenshot = page.screenshot(full_page=True, type="png")
            final_url = page.url
        finally:
            browser.close()
    warc = _warc(final_url, status, status_text, headers, body, screenshot, captured_at)
    return Capture(
        url=url,
        final_url=final_url,
        status=status,
        captured_at=captured_at,
        warc=warc,
        warc_sha256=hashlib.sha256(warc).hexdigest(),
        screenshot=screenshot,
        screenshot_sha256=hashlib.sha256(screenshot).hexdigest(),
    )


def _warc(
    url: str,
    status: int,
    status_text: str,
    headers: list[tuple[str, str]],
    body: bytes,
    screenshot: bytes,
    captured_at: dt.datetime,
) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="WARC/1.1")
    date = captured_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    # The body is already decoded by the browser: drop encodings that no longer apply.
    dropped = ("content-encoding", "transfer-encoding", "content-length")
    kept = [(name, value) for name, value in headers if name.lower() not in dropped]
    kept.append(("Content-Length", str(len(body))))
    http = StatusAndHeaders(f"{status} {status_text}", kept, protocol="HTTP/1.1")
    response = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(response)
    image = writer.create_warc_record(
        f"urn:netral:screenshot:{url}",
        "resource",
        payload=io.BytesIO(screenshot),
        warc_headers_dict={"WARC-Date": date, "Content-Type": "image/png"},
    )
    writer.write_record(image)
    return buffer.getvalue()
