"""Image decode budget, measured: costly image requests are refused fast; the form stays fast.

    .venv/bin/python bench/hardening/images.py [--seconds 20]

On a PostgreSQL database of its own (NETRAL_BENCH_DB, default netral_bench_images; dropped at the
end) behind gunicorn with 2 sync workers (port 8104), it measures:

1. `POST /api/reports/` with ten 7999 × 8000 PNGs (~200 KB each, the issue's attack), 5 times:
   status, message and latency (30.6 s of CPU before the budget);
2. the worst request the budget lets through: one PNG of 12 MP (the decode allowance), 5 times;
3. for `--seconds`, two clients sending (1) in a loop while a third times `GET /lapor/`:
   p50, p95 and max of the form's latency.

Prints JSON.
"""

import argparse
import http.client
import io
import json
import random
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]
import common  # noqa: E402

common.on_path(HERE, HERE.parent / "intake")
import loadgen  # noqa: E402

DATABASE = common.database("netral_bench_images")
PORT = common.port(8104)
VAR_DIR = Path("/tmp/netral-bench-images")


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _body(images: list[bytes]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    fields = loadgen._fields(random.Random(1))
    for name, value in fields:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(value.encode() + b"\r\n")
    for n, image in enumerate(images):
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; '
            f'filename="layar{n}.png"\r\nContent-Type: image/png\r\n\r\n'.encode()
        )
        out.write(image + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def _request(method: str, path: str, body: bytes = b"", content_type: str = "") -> tuple:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    headers = {"Content-Type": content_type} if content_type else {}
    started = time.monotonic()
    connection.request(method, path, body or None, headers)
    response = connection.getresponse()
    payload = response.read()
    elapsed = time.monotonic() - started
    connection.close()
    return response.status, payload, elapsed


def _timed_posts(body: bytes, content_type: str, times: int) -> dict:
    results = [_request("POST", "/api/reports/", body, content_type) for _ in range(times)]
    message = ""
    with_errors = [json.loads(r[1]) for r in results if r[0] == 422]
    if with_errors:
        message = with_errors[0]["errors"][0]["message"]
    return {
        "statuses": sorted({r[0] for r in results}),
        "seconds_median": round(statistics.median(r[2] for r in results), 3),
        "seconds_max": round(max(r[2] for r in results), 3),
        "message": message,
    }


def _form_under_attack(body: bytes, content_type: str, seconds: float) -> dict:
    stop = threading.Event()
    attacks = {"sent": 0}

    def attacker() -> None:
        while not stop.is_set():
            _request("POST", "/api/reports/", body, content_type)
            attacks["sent"] += 1

    threads = [threading.Thread(target=attacker) for _ in range(2)]
    for thread in threads:
        thread.start()
    latencies = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, _payload, elapsed = _request("GET", "/lapor/")
        latencies.append(elapsed)
        time.sleep(0.1)
    stop.set()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "attack_requests": attacks["sent"],
        "form_requests": len(latencies),
        "form_p50": round(statistics.median(latencies), 3),
        "form_p95": round(latencies[int(len(latencies) * 0.95) - 1], 3),
        "form_max": round(latencies[-1], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    huge = _png(7999, 8000)
    attack, attack_type = _body([huge] * 10)
    allowed, allowed_type = _body([_png(3464, 3464)])
    with common.served(DATABASE, VAR_DIR, PORT, HERE):
        _request("GET", "/lapor/")  # warm both workers
        _request("GET", "/lapor/")
        result = {
            "png_bytes": len(huge),
            "ten_64mp_pngs": _timed_posts(attack, attack_type, 5),
            "one_12mp_png_decoded": _timed_posts(allowed, allowed_type, 5),
            "form_while_attacked": _form_under_attack(attack, attack_type, args.seconds),
        }
        print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
