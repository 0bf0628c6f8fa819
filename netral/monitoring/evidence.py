"""Evidence preservation: the canonical form and its hash, WARC records, verifiable bundles.

Files live in private storage (NETRAL_MONITORING_STORAGE, or MEDIA_ROOT/monitoring), which the
web server never serves: they leave only inside a bundle, through a view that checks the policy
and records the download.
"""

import datetime as dt
import hashlib
import io
import json
import unicodedata
import uuid
import zipfile
from functools import cache
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.utils import translation

from netral.core import storage
from netral.monitoring.connectors import RawItem

CANONICAL_FIELDS = (
    "platform",
    "kind",
    "author",
    "url",
    "posted_at",
    "text",
    "shared_text",
    "shared_url",
    "shared_author",
)
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)  # fixed: the same evidence always gives the same bundle bytes


@cache
def private_storage() -> Storage:
    """NETRAL_MONITORING_STORAGE (a dotted Storage class) or files under MEDIA_ROOT/monitoring."""
    return storage.private_storage("NETRAL_MONITORING_STORAGE", "monitoring")


def store(folder: str, extension: str, content: bytes) -> str:
    return private_storage().save(f"{folder}/{uuid.uuid4().hex}.{extension}", ContentFile(content))


def read_stored(name: str) -> bytes:
    with private_storage().open(name, "rb") as handle:
        data: bytes = handle.read()
    return data


def handle_of(author: str) -> str:
    """`@Pegawai.Dinas` and `pegawai.dinas` are one account: no @, lower case, trimmed."""
    return author.strip().lstrip("@").lower()


def normalised_fields(raw: RawItem) -> dict[str, str]:
    """The fields that identify an item, in NFC, trimmed, the time in UTC ISO 8601."""
    posted = raw.posted_at
    if posted is not None and posted.tzinfo is not None:
        posted = posted.astimezone(dt.UTC)
    values = {
        "platform": raw.platform.strip().lower(),
        "kind": raw.kind,
        "author": handle_of(raw.author),
        "url": raw.url.strip(),
        "posted_at": posted.isoformat() if posted else "",
        "text": raw.text,
        "shared_text": raw.shared_text,
        "shared_url": raw.shared_url.strip(),
        "shared_author": raw.shared_author.strip(),
    }
    return {key: unicodedata.normalize("NFC", value).strip() for key, value in values.items()}


def canonical_json(fields: dict[str, str]) -> str:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256_hex(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def warc_record(raw: RawItem, *, captured_at: dt.datetime) -> bytes:
    """One gzipped WARC 1.1 `resource` record holding the raw page or API response."""
    from warcio.warcwriter import WARCWriter  # only imports that carry raw responses need it

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="WARC/1.1")
    headers = {
        "WARC-Date": captured_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Content-Type": raw.raw_content_type or "application/octet-stream",
    }
    record = writer.create_warc_record(
        raw.raw_url or raw.url or f"urn:netral:item:{raw.id}",
        "resource",
        payload=io.BytesIO(raw.raw or b""),
        warc_headers_dict=headers,
    )
    writer.write_record(record)
    return buffer.getvalue()


README = """Netral evidence bundle / Paket bukti Netral

ID
Paket ini berisi satu butir media sosial sebagaimana ditangkap oleh pemantauan Netral.
  item.json        butir apa adanya (kolom ternormalisasi) dan metadata penangkapan
  canonical.json   bentuk kanonis butir; SHA-256-nya adalah sidik butir ("sha256" di item.json)
  finding.json     hasil detektor (skor, calon, kode, alasan, versi model dan konfigurasi)
  capture.warc.gz  rekaman WARC halaman atau respons API asli (bila ada)
  MANIFEST.sha256  SHA-256 setiap berkas di atas

Cara memeriksa: ekstrak ZIP, lalu di folder itu jalankan
  sha256sum -c MANIFEST.sha256
Setiap baris harus berakhir "OK". Untuk memeriksa sidik butir:
  sha256sum canonical.json
hasilnya harus sama dengan nilai "sha256" di item.json.

EN
This bundle holds one social-media item as Netral monitoring captured it. To verify, unzip it
and run `sha256sum -c MANIFEST.sha256` in its folder: every line must end in "OK". The item's
fingerprint is the SHA-256 of canonical.json (`sha256sum canonical.json`), which must equal
"sha256" in item.json. A WARC file can be read with any WARC tool (e.g. warcio).
"""


def bundle_files(item: Any, finding: Any) -> dict[str, bytes]:
    """The files of a bundle, by name (the manifest is added by `bundle_zip`)."""
    captured = {
        "id": item.external_id,
        "election": item.election.code,
        "fields": json.loads(item.canonical),
        "sha256": item.sha256,
        "captured_at": item.captured_at.isoformat(),
        "source": item.source,
        "import_file_sha256": item.run.file_sha256,
        "warc_sha256": item.warc_sha256 or None,
    }
    with translation.override("id"):  # the bundle's sentences stay as they always were
        sentences = finding.reason_sentences
    result = {
        "score": finding.score,
        "candidate": finding.candidate,
        "stance": finding.stance,
        "codes": finding.codes,
        "reasons": sentences,
        "signals": finding.signals,
    }
    result.update(
        id=str(finding.public_id),
        model_version=finding.model_version,
        config_version=finding.config_version,
        status=finding.status,
        case=finding.case_code or None,
    )
    files = {
        "item.json": _pretty(captured),
        "canonical.json": item.canonical.encode("utf-8"),
        "finding.json": _pretty(result),
        "README.txt": README.encode("utf-8"),
    }
    if item.warc_name:
        files["capture.warc.gz"] = read_stored(item.warc_name)
    if finding.capture_warc_name:  # the page as Netral's own capture task fetched it
        files["page.warc.gz"] = read_stored(finding.capture_warc_name)
        files["page.png"] = read_stored(finding.capture_png_name)
    return files


def bundle_zip(files: dict[str, bytes]) -> bytes:
    """A ZIP of the files plus MANIFEST.sha256 in `sha256sum -c` format."""
    manifest = "".join(f"{sha256_hex(data)}  {name}\n" for name, data in sorted(files.items()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in [*sorted(files.items()), ("MANIFEST.sha256", manifest.encode())]:
            archive.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), data)
    return buffer.getvalue()


def _pretty(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
