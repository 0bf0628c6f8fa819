"""A bounded load generator for the reporting API, to 127.0.0.1 only.

    .venv/bin/python bench/intake/loadgen.py --port 8102 --clients 32 --requests 6000 --seconds 30
    .venv/bin/python bench/intake/loadgen.py --port 8102 --photo --requests 1500

Each client is a thread with its own connection, posting multipart reports (text only, or with
one ~1 MB JPEG). It stops after REQUESTS submissions or SECONDS, whichever comes first, and
prints accepted reports per second and latency percentiles. Clients are seeded from a new
`--seed` each run (printed in the result), so a second run sends new reports.
"""

import argparse
import http.client
import io
import json
import random
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field

HOST = "127.0.0.1"  # never anywhere else
REGIONS = ["34.02.01", "34.02.04", "34.02.12", "34.04.01", "34.04.07", "34.71.01", "34.01.01"]
NAMES = ["Budi", "Siti", "Agus", "Dewi", "Rahmat", "Wulan", "Hendra", "Ani", "Joko", "Rina"]
SURNAMES = ["Santoso", "Rahayu", "Wibowo", "Lestari", "Saputra", "Wijaya", "Hidayat", "Kusuma"]
WORDS = [
    "kepala",
    "dinas",
    "sekolah",
    "kantor",
    "kecamatan",
    "desa",
    "poster",
    "kampanye",
    "spanduk",
    "grup",
    "whatsapp",
    "foto",
    "bersama",
    "calon",
    "nomor",
    "urut",
    "jari",
    "dua",
    "tiga",
    "mobil",
    "dinas",
    "pelat",
    "merah",
    "rapat",
    "pegawai",
    "ajakan",
    "memilih",
    "bantuan",
    "sosial",
    "pembagian",
    "sembako",
    "deklarasi",
    "relawan",
    "facebook",
    "instagram",
    "tiktok",
]
CATEGORIES = ["social_media_support", "photo_with_gesture", "banner", "attend_declaration"]


def _fields(rng: random.Random) -> list[tuple[str, str]]:
    day = 1 + rng.randrange(28)
    description = " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 60)))
    return [
        ("track", "tip"),
        ("subject_name", f"{rng.choice(NAMES)} {rng.choice(SURNAMES)} {rng.randrange(1000)}"),
        ("subject_agency", "Dinas Pendidikan"),
        ("incident_date", f"2024-10-{day:02d}"),
        ("region", rng.choice(REGIONS)),
        ("election_kind", "bupati"),
        ("category", rng.choice(CATEGORIES)),
        ("description", description.capitalize() + "."),
        ("links", f"https://example.id/post/{rng.randrange(10**9)}"),
    ]


def multipart_parts(fields: list[tuple[str, str]], photo: bytes | None) -> tuple[list[bytes], str]:
    """The body as parts, so a 1 MB photo is sent as it is rather than copied per request."""
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(value.encode() + b"\r\n")
    parts = []
    if photo is not None:
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; '
            f'filename="foto.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
        )
        parts = [out.getvalue(), photo, b"\r\n"]
        out = io.BytesIO()
    out.write(f"--{boundary}--\r\n".encode())
    return [*parts, out.getvalue()] if parts else [out.getvalue()], (
        f"multipart/form-data; boundary={boundary}"
    )


def multipart(fields: list[tuple[str, str]], photo: bytes | None) -> tuple[bytes, str]:
    parts, content_type = multipart_parts(fields, photo)
    return b"".join(parts), content_type


def photo_bytes(target: int = 1_000_000) -> bytes:
    """A phone-like JPEG of about `target` bytes: 2000×1500, smooth shapes and sensor noise."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:1500, 0:2000]
    base = np.stack([(x / 8) % 256, (y / 6) % 256, ((x + y) / 10) % 256], axis=-1)
    for noise in range(4, 60, 2):
        pixels = np.clip(base + rng.normal(0, noise, base.shape), 0, 255).astype("uint8")
        out = io.BytesIO()
        Image.fromarray(pixels).save(out, format="JPEG", quality=85)
        if out.tell() >= target:
            return out.getvalue()
    return out.getvalue()


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def client(
    port: int,
    photo: bytes | None,
    budget: list[int],
    deadline: float,
    tally: Tally,
    seed: int,
    addresses: int = 0,
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        with tally.lock:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        parts, content_type = multipart_parts(_fields(rng), photo)
        headers = {"Content-Type": content_type, "Content-Length": str(sum(map(len, parts)))}
        if addresses:  # as a reverse proxy would say it: one of many reporters' addresses
            number = rng.randrange(addresses)
            headers["X-Forwarded-For"] = (
                f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
            )
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
            connection.request("POST", "/api/reports/", iter(parts), headers)
            response = connection.getresponse()
            response.read()
            connection.close()
        except OSError:
            with tally.lock:
                tally.errors += 1
            continue
        elapsed = time.perf_counter() - started
        with tally.lock:
            tally.latencies.append(elapsed)
            tally.statuses[response.status] = tally.statuses.get(response.status, 0) + 1


def run(
    port: int,
    clients: int,
    requests: int,
    seconds: float,
    with_photo: bool,
    seed: int,
    addresses: int = 0,
) -> dict:
    photo = photo_bytes() if with_photo else None
    tally, budget = Tally(), [requests]
    started = time.monotonic()
    threads = [
        threading.Thread(
            target=client,
            args=(port, photo, budget, started + seconds, tally, seed + index, addresses),
        )
        for index in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    ordered = sorted(tally.latencies) or [0.0]

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 1)

    accepted = tally.statuses.get(201, 0)
    return {
        "mode": "photo" if with_photo else "text",
        "seed": seed,
        "addresses": addresses,
        "photo_bytes": len(photo) if photo else 0,
        "clients": clients,
        "requests": len(tally.latencies),
        "accepted": accepted,
        "statuses": tally.statuses,
        "errors": tally.errors,
        "seconds": round(wall, 2),
        "accepted_per_second": round(accepted / wall, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8102)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=6000, help="upper bound on submissions")
    parser.add_argument("--seconds", type=float, default=30.0, help="upper bound on duration")
    parser.add_argument("--photo", action="store_true", help="attach one ~1 MB JPEG to each")
    parser.add_argument(
        "--seed",
        type=int,
        default=None,
        help="first client's seed (default: a new one each run, so repeated runs against one "
        "database send new reports instead of measuring the duplicate path; printed to repeat)",
    )
    parser.add_argument(
        "--addresses",
        type=int,
        default=0,
        help="send each report with X-Forwarded-For from one of N addresses (10.0.0.0/8), as "
        "behind a reverse proxy (default: none, every report from 127.0.0.1)",
    )
    args = parser.parse_args()
    if args.requests > 50_000 or args.seconds > 300 or args.clients > 128:
        parser.error("keep the run bounded: at most 50,000 requests, 300 s and 128 clients")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    result = run(
        args.port, args.clients, args.requests, args.seconds, args.photo, seed, args.addresses
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
