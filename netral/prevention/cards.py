"""Share cards: a PNG per catalogue entry that agencies post on WhatsApp status or Instagram.

The card's words are the catalogue's (title, "tidak boleh" and "boleh" examples, legal basis),
never copied here, and in Indonesian, the language of the examples. An entry the catalogue marks
unverified says so on the card. Drawn with Pillow's built-in scalable font, so nothing is
fetched or installed to draw one.
"""

from dataclasses import dataclass
from functools import cache
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

from netral.rules import catalogue


@dataclass(frozen=True)
class Format:
    slug: str
    width: int
    height: int


# Square for a feed post and chats; 9:16 for WhatsApp status and Instagram stories.
FORMATS = {
    "persegi": Format("persegi", 1080, 1080),
    "status": Format("status", 1080, 1920),
}
MARGIN = 72
INK = (17, 24, 39)
MUTED = (75, 85, 99)
BRAND = (14, 80, 120)
FORBIDDEN = (153, 27, 27)
ALLOWED = (22, 101, 52)
PAPER = (255, 255, 255)
HEADER = 150
# The built-in font has no typographic dashes or quotes; the card shows their plain forms.
PLAIN = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"'})


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _lines(text: str, size: int, width: int) -> list[str]:
    """`text` broken into lines no wider than `width` pixels at `size`, at word boundaries."""
    font, lines, line = _font(size), [], ""
    for word in text.translate(PLAIN).split():
        attempt = f"{line} {word}".strip()
        if line and font.getlength(attempt) > width:
            lines.append(line)
            line = word
        else:
            line = attempt
    return [*lines, line] if line else lines


class _Pen:
    """Writes blocks of text down the card, keeping its place."""

    def __init__(self, image: Image.Image, top: int) -> None:
        self.draw = ImageDraw.Draw(image)
        self.width = image.width - 2 * MARGIN
        self.y = top

    def text(self, text: str, size: int, fill: tuple[int, int, int], bold: bool = False) -> None:
        for line in _lines(text, size, self.width):
            stroke = max(1, size // 40) if bold else 0
            self.draw.text(
                (MARGIN, self.y),
                line,
                font=_font(size),
                fill=fill,
                stroke_width=stroke,
                stroke_fill=fill,
            )
            self.y += int(size * 1.3)

    def label(self, text: str, size: int, fill: tuple[int, int, int]) -> None:
        """A coloured tag (TIDAK BOLEH / BOLEH) on its own line."""
        font = _font(size)
        box = (MARGIN, self.y, MARGIN + int(font.getlength(text)) + size, self.y + int(size * 1.6))
        self.draw.rounded_rectangle(box, radius=size // 3, fill=fill)
        self.draw.text((MARGIN + size // 2, self.y + size // 4), text, font=font, fill=PAPER)
        self.y += int(size * 2.1)

    def gap(self, pixels: int) -> None:
        self.y += pixels


def png(entry: catalogue.Entry, fmt: Format) -> bytes:
    """The card of `entry` in `fmt` as PNG bytes: header, body centred in the room left, footer."""
    image = Image.new("RGB", (fmt.width, fmt.height), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, fmt.width, HEADER), fill=BRAND)
    draw.text((MARGIN, 50), "NETRALITAS ASN", font=_font(52), fill=PAPER)
    footer_top = _footer(image, entry)
    body = _body(entry, fmt, footer_top - HEADER)
    image.paste(body, (0, HEADER + max(40, (footer_top - HEADER - body.height) // 2)))
    buffer = BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _body(entry: catalogue.Entry, fmt: Format, room: int) -> Image.Image:
    """The title and examples, cropped to the height they take."""
    scale = 1.25 if fmt.height > fmt.width else 1.0
    canvas = Image.new("RGB", (fmt.width, room), PAPER)
    pen = _Pen(canvas, 0)
    pen.text(str(entry.title.id), int(48 * scale), INK, bold=True)
    pen.gap(int(30 * scale))
    for tag, colour, examples in (
        ("TIDAK BOLEH", FORBIDDEN, entry.forbidden_examples),
        ("BOLEH", ALLOWED, entry.allowed_examples),
    ):
        if examples:
            pen.label(tag, int(34 * scale), colour)
            for example in examples[:2]:
                pen.text(example, int(38 * scale), INK)
                pen.gap(int(16 * scale))
            pen.gap(int(20 * scale))
    return canvas.crop((0, 0, fmt.width, min(room, pen.y)))


def _footer(image: Image.Image, entry: catalogue.Entry) -> int:
    """Draws the legal basis and catalogue version at the foot; returns where the footer starts."""
    lines = [
        f"Dasar hukum: {entry.legal_basis_display}",
        f"Katalog Netral {entry.version} · {entry.code}",
    ]
    if entry.unverified:
        lines.insert(0, "Belum terverifikasi: periksa teks resmi sebelum dipakai.")
    wrapped = [line for text in lines for line in _lines(text, 28, image.width - 2 * MARGIN)]
    y = image.height - MARGIN - len(wrapped) * 36
    draw = ImageDraw.Draw(image)
    draw.line((MARGIN, y - 24, image.width - MARGIN, y - 24), fill=MUTED, width=2)
    for line in wrapped:
        draw.text((MARGIN, y), line, font=_font(28), fill=MUTED)
        y += 36
    return image.height - MARGIN - len(wrapped) * 36 - 48
