"""Checks an uploaded evidence file before anything is stored, and makes the staff preview.

The type comes from the content (the `filetype` package), never from the name or the browser's
claim. Images are decoded once, at a reduced scale where the format allows, which both proves the
file is whole and yields a thumbnail re-encoded without metadata. Archives are refused: they can
hide anything and expand without bound.

A report's evidence is checked in the request by `check` (an image by its header only) and
decoded in the task worker by `process` (decision 0180); `inspect` does both at once, for files
that need their preview in the request (a letter's logo, a decree).
"""

import contextlib
import hashlib
import io
import math
import os
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict

# Pillow and filetype are imported where a file is checked: a web process that only ever takes
# text reports (and every page process) never loads them.
if TYPE_CHECKING:
    from PIL import Image

PREVIEW_SIZE = 800
_HEAD = 8192


class _EvidenceTypes(BaseModel):
    """The shape of data/evidence_types.yaml: what may be sent, by content type."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allowed: dict[str, tuple[Literal["image", "pdf", "audio", "video"], str]]
    not_decoded: frozenset[str]
    iso_media: frozenset[str]
    archives: frozenset[str]


@cache
def _types() -> _EvidenceTypes:
    """Read once, when the first file is checked (a text-only report never reads it)."""
    text = (Path(__file__).resolve().parent / "data" / "evidence_types.yaml").read_text()
    return _EvidenceTypes.model_validate(yaml.safe_load(text))


# Decoding cost per pixel, measured on the 2-core bench machine: a PNG ~43 ns, a JPEG decoded at
# reduced scale (`draft`) ~3.3 ns. Budgets count JPEG pixels at this fraction.
JPEG_COST_DIVISOR = 12


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_files: int
    max_files_per_report: int
    max_pixels: int
    # Pixels (JPEG weighted) one request may decode for previews, well under a second of CPU;
    # images past it are checked for structure only and kept without a preview.
    decode_pixels: int = 12_000_000
    # Pixels (JPEG weighted) one submission or reply may bring at all; more is refused unread.
    pixels_per_request: int = 64_000_000


def limits() -> Limits:
    """Evidence limits from the settings (see docs/reporting.md for each)."""
    return Limits(
        max_bytes=getattr(settings, "NETRAL_EVIDENCE_MAX_BYTES", 20 * 1024 * 1024),
        max_files=getattr(settings, "NETRAL_EVIDENCE_MAX_FILES", 10),
        max_files_per_report=getattr(settings, "NETRAL_EVIDENCE_MAX_FILES_PER_REPORT", 30),
        max_pixels=getattr(settings, "NETRAL_EVIDENCE_MAX_PIXELS", 64_000_000),
        decode_pixels=getattr(settings, "NETRAL_EVIDENCE_DECODE_PIXELS", 12_000_000),
        pixels_per_request=getattr(settings, "NETRAL_EVIDENCE_PIXELS_PER_REQUEST", 64_000_000),
    )


def _cost(content_type: str, width: int, height: int) -> int:
    pixels = width * height
    return pixels // JPEG_COST_DIVISOR if content_type == "image/jpeg" else pixels


def decode_cost(file: IO[bytes]) -> int:
    """What this file weighs in decoded pixels (JPEG weighted), read from its header alone in
    well under a millisecond; 0 for anything that is not a decodable image."""
    import filetype

    file.seek(0)
    guess = filetype.guess(file.read(_HEAD))
    content_type = guess.mime if guess else ""
    if not decodable(content_type):
        file.seek(0)
        return 0
    from PIL import Image

    file.seek(0)
    try:
        with Image.open(file) as image:
            return _cost(content_type, *image.size)
    except Exception:  # inspect() names the damage; the budget has nothing to count
        return 0
    finally:
        file.seek(0)


@dataclass
class Inspected:
    """An evidence file that passed every check, with what was learned about it."""

    file: IO[bytes]
    name: str
    kind: str
    content_type: str
    extension: str
    size: int
    sha256: str
    metadata: dict[str, Any] = field(default_factory=dict)
    preview: bytes | None = None
    decoded: int = 0  # pixels (JPEG weighted) decoded to check it and draw its preview
    pending: bool = False  # an image checked by its header only: the worker decodes it


def clean_name(name: str) -> str:
    """The reporter's file name without any path or control characters, at most 200 chars."""
    base = os.path.basename(str(name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return (base or "berkas")[:200]


def _fail(name: str, message: str, code: str) -> ValidationError:
    return ValidationError(
        _("%(name)s: %(problem)s") % {"name": name, "problem": message}, code=code
    )


def _hash_and_size(file: IO[bytes]) -> tuple[str, int, bytes]:
    file.seek(0)
    digest, size, head = hashlib.sha256(), 0, b""
    while chunk := file.read(1024 * 1024):
        if not head:
            head = chunk[:_HEAD]
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size, head


def _sniff(file: IO[bytes], name: str) -> Inspected:
    """Hash, size and type from the content: what every file gets, in one pass over it."""
    name = clean_name(name)
    limit = limits()
    sha256, size, head = _hash_and_size(file)
    if size == 0:
        raise _fail(name, _("the file is empty."), "empty")
    if size > limit.max_bytes:
        megabytes = limit.max_bytes / 1024 / 1024
        shown = formats.number_format(megabytes, 0 if megabytes.is_integer() else 1)
        too_large = _("the file is larger than %(limit)s MB.") % {"limit": shown}
        raise _fail(name, too_large, "too_large")
    import filetype

    guess = filetype.guess(head)
    content_type = guess.mime if guess else ""
    if content_type in _types().archives:
        raise _fail(
            name,
            _("archives (ZIP, RAR and the like) are not accepted: send the files themselves."),
            "archive",
        )
    if content_type not in _types().allowed:
        raise _fail(
            name,
            _(
                "this is not a photo, screenshot, PDF, audio or video file. Office documents "
                "are accepted once saved as PDF."
            ),
            "type",
        )
    kind, extension = _types().allowed[content_type]  # content type → kind, extension stored
    return Inspected(file, name, kind, content_type, extension, size, sha256)


def _check_structure(inspected: Inspected) -> None:
    """The cheap whole-file checks of PDFs and ISO media (MP4, MOV, M4A…)."""
    if inspected.kind == "pdf":
        _check_pdf(inspected.file, inspected.name, inspected.size)
    elif inspected.content_type in _types().iso_media:
        _check_iso_media(inspected.file, inspected.name, inspected.size)


def decodable(content_type: str) -> bool:
    """An image Pillow decodes (for a preview and to prove it whole); HEIC is kept as it is."""
    types = _types()
    return (
        types.allowed.get(content_type, ("",))[0] == "image"
        and content_type not in types.not_decoded
    )


def inspect(file: IO[bytes], name: str, decode_allowance: int | None = None) -> Inspected:
    """Checks one file; raises ValidationError with a message naming it and the problem.

    An image is decoded (and previewed) only while its cost fits `decode_allowance` (by default
    the whole per-request allowance); past it, its structure is checked and no preview made."""
    inspected = _sniff(file, name)
    if decodable(inspected.content_type):
        limit = limits()
        allowance = limit.decode_pixels if decode_allowance is None else decode_allowance
        inspected.metadata, inspected.preview = _decode_image(
            file, inspected.name, inspected.content_type, limit, allowance
        )
        if inspected.preview is not None:
            inspected.decoded = _cost(
                inspected.content_type, inspected.metadata["width"], inspected.metadata["height"]
            )
    _check_structure(inspected)
    file.seek(0)
    return inspected


def check(file: IO[bytes], name: str) -> Inspected:
    """What a request checks before it stores evidence (issue 19): hash, type and structure as
    `inspect` does, but an image only by its header: its type, its dimensions and the pixel
    limit, nothing decoded. `pending` is set on such an image: `process` (in the task worker)
    decodes it, reads its EXIF and draws its preview later."""
    inspected = _sniff(file, name)
    if decodable(inspected.content_type):
        inspected.metadata = _header_size(file, inspected.name, limits())
        inspected.pending = True
    _check_structure(inspected)
    file.seek(0)
    return inspected


def _header_size(file: IO[bytes], name: str, limit: Limits) -> dict[str, Any]:
    """Width and height from the header (Pillow's `open` reads no pixel data), or the same
    messages `inspect` gives for an image it cannot open or that is too large in pixels."""
    with _opened(file, name) as image:
        width, height = image.size
    if width * height > limit.max_pixels:
        raise _bomb(name)
    return {"width": width, "height": height}


@contextlib.contextmanager
def _opened(file: IO[bytes], name: str) -> Iterator["Image.Image"]:
    """The image in `file`, read from its header; what Pillow raises while it is open (a bomb
    warning, a damaged header or pixel data) becomes the message naming the file."""
    from PIL import Image, UnidentifiedImageError

    file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(file) as image:
                yield image
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _bomb(name) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
            raise _damaged(name) from exc


def process(file: IO[bytes], name: str, content_type: str) -> tuple[dict[str, Any], bytes | None]:
    """The worker's part for an image `check` let in: decoded (at reduced scale for a JPEG) to
    prove it whole, its EXIF read for staff, a preview without metadata drawn; an image past
    NETRAL_EVIDENCE_DECODE_PIXELS is checked for structure only and gets no preview. Raises
    ValidationError when the image turns out damaged."""
    limit = limits()
    return _decode_image(file, name, content_type, limit, limit.decode_pixels)


def _damaged(name: str) -> ValidationError:
    return _fail(name, _("the image is damaged or incomplete and cannot be opened."), "decode")


def _bomb(name: str) -> ValidationError:
    return _fail(name, _("the image is too large in pixels to be opened safely."), "bomb")


def _decode_image(
    file: IO[bytes], name: str, content_type: str, limit: Limits, allowance: int
) -> tuple[dict[str, Any], bytes | None]:
    with _opened(file, name) as image:
        width, height = image.size
        if width * height > limit.max_pixels:
            raise _bomb(name)
        if _cost(content_type, width, height) > allowance:
            # Decoding would cost too long: the structure is checked (PNG: every chunk's CRC)
            # and the file kept without a preview.
            image.verify()
            return {"width": width, "height": height, "preview": "too_large"}, None
        metadata = {"width": width, "height": height, **_exif(image)}
        # JPEG decodes at 1/2..1/8 scale here: fast, and still reads every byte. The requested
        # size keeps the aspect ratio, or a wide photo would decode in full.
        image.draft("RGB", _fit(width, height))
        image.load()
        return metadata, _thumbnail(image)


def _fit(width: int, height: int) -> tuple[int, int]:
    """The size of the preview: the longer side PREVIEW_SIZE, the ratio kept."""
    if width >= height:
        return PREVIEW_SIZE, max(1, round(PREVIEW_SIZE * height / max(width, 1)))
    return max(1, round(PREVIEW_SIZE * width / max(height, 1))), PREVIEW_SIZE


def _thumbnail(image: "Image.Image") -> bytes:
    from PIL import Image, ImageOps

    preview = ImageOps.exif_transpose(image)
    if preview.mode in ("RGBA", "LA", "P", "PA"):
        preview = preview.convert("RGBA")
        background = Image.new("RGB", preview.size, "white")
        background.paste(preview, mask=preview.getchannel("A"))
        preview = background
    elif preview.mode != "RGB":
        preview = preview.convert("RGB")
    # A JPEG already decoded at a reduced scale is at most twice the preview size: kept as it is,
    # which spares a resampling pass; anything larger is scaled down.
    if max(preview.size) > 2 * PREVIEW_SIZE:
        preview.thumbnail((PREVIEW_SIZE, PREVIEW_SIZE), Image.Resampling.BILINEAR)
    out = io.BytesIO()
    # Saved without exif or icc: the preview carries pixels and nothing else.
    preview.save(out, format="JPEG", quality=80, optimize=False)
    return out.getvalue()


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = "".join(ch for ch in str(value) if unicodedata.category(ch)[0] != "C").strip()
    return text[:100] or None


def _degrees(value: Any, ref: object, *, limit: int) -> float | None:
    """Degrees from EXIF's (degrees, minutes, seconds); None unless a finite value within
    ±`limit` (0/0 rationals read as NaN, which no JSON column accepts)."""
    try:
        d, m, s = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = d + m / 60 + s / 3600
    if not math.isfinite(result) or abs(result) > limit:
        return None
    if str(ref).upper().startswith(("S", "W")):
        result = -result
    return round(result, 6)


def _exif(image: "Image.Image") -> dict[str, Any]:
    """Time taken, device and GPS position from EXIF, for staff; broken EXIF yields nothing."""
    from PIL import ExifTags

    try:
        exif = image.getexif()
        details = exif.get_ifd(ExifTags.IFD.Exif)
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception:  # malformed EXIF must never block the evidence itself
        return {}
    found: dict[str, Any] = {
        "taken_at": _text(details.get(ExifTags.Base.DateTimeOriginal) or exif.get(306)),
        "device": _text(" ".join(str(exif.get(tag) or "") for tag in (271, 272)).strip()),
        "software": _text(exif.get(ExifTags.Base.Software)),
    }
    if gps:
        latitude = _degrees(gps.get(2), gps.get(1), limit=90)
        longitude = _degrees(gps.get(4), gps.get(3), limit=180)
        if latitude is not None and longitude is not None:
            found["gps"] = {"latitude": latitude, "longitude": longitude}
    return {key: value for key, value in found.items() if value}


def _check_pdf(file: IO[bytes], name: str, size: int) -> None:
    file.seek(max(0, size - 2048))
    tail = file.read()
    if b"%%EOF" not in tail:
        raise _fail(name, _("the PDF is incomplete or damaged."), "truncated")


def _check_iso_media(file: IO[bytes], name: str, size: int) -> None:
    """MP4, MOV, 3GP and M4A are chains of sized boxes: a cut file ends mid-box."""
    position, boxes = 0, 0
    while position < size and boxes < 100_000:
        file.seek(position)
        header = file.read(16)
        if len(header) < 8:
            break
        box_size = int.from_bytes(header[0:4], "big")
        if box_size == 1 and len(header) == 16:
            box_size = int.from_bytes(header[8:16], "big")
        elif box_size == 0:
            box_size = size - position
        if box_size < 8:
            break
        position += box_size
        boxes += 1
    if position != size:
        raise _fail(name, _("the recording is incomplete or damaged."), "truncated")
