"""Link capture against pages served by the test itself (skipped without Chromium/Playwright)."""

import gzip
import hashlib
import http.server
import threading

import pytest

from netral.monitoring import capture

needs_browser = pytest.mark.skipif(
    not capture.available(),
    reason="link capture needs Playwright and /usr/bin/chromium (the optional capture extra)",
)
PAGE = b"<html><body><h1>Ayo coblos nomor 2</h1><p>Unggahan uji</p></body></html>"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path == "/post":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)
        elif self.path == "/deleted":
            self.send_error(404)
        else:
            self.send_error(403)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@needs_browser
def test_a_page_is_kept_as_warc_and_a_screenshot_both_hashed(server):
    found = capture.capture(server + "/post")
    assert found.status == 200
    assert found.screenshot.startswith(b"\x89PNG")
    assert found.screenshot_sha256 == hashlib.sha256(found.screenshot).hexdigest()
    assert found.warc_sha256 == hashlib.sha256(found.warc).hexdigest()
    text = gzip.decompress(found.warc)
    assert b"WARC-Type: response" in text and b"WARC-Type: resource" in text
    assert PAGE in text


@needs_browser
@pytest.mark.parametrize(("path", "reason"), [("/deleted", "gone"), ("/private", "refused")])
def test_a_gone_or_refused_page_is_a_clear_failure(server, path, reason):
    with pytest.raises(capture.CaptureFailed) as failed:
        capture.capture(server + path)
    assert failed.value.reason == reason


@needs_browser
def test_a_refused_connection_is_a_clear_failure():
    with pytest.raises(capture.CaptureFailed) as failed:
        capture.capture("http://127.0.0.1:9/", timeout_ms=5000)
    assert failed.value.reason in ("refused", "timeout")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "not a url"])
def test_only_web_addresses_are_captured(url):
    with pytest.raises(capture.CaptureFailed) as failed:
        capture.capture(url)
    assert failed.value.reason == "invalid"


def test_without_chromium_capture_says_it_is_unavailable(tmp_path):
    assert capture.available(tmp_path / "no-chromium") is False
    with pytest.raises(capture.CaptureFailed) as failed:
        capture.capture("https://example.org/", chromium=tmp_path / "no-chromium")
    assert failed.value.reason == "unavailable"
