"""What a reader sees of a text, and how much of a client's text is quoted back to it."""

import unicodedata

from django.utils.formats import number_format


def visible(text: str) -> str:
    """What a reader sees of `text`: without the characters that show nothing (zero-width
    spaces and joiners, word joiners, byte-order marks, direction marks: Unicode's format and
    control characters), and without white space at its ends. For "is anything written?" and
    "how long is it?": a message of invisible characters only is an empty message."""
    text = text.replace("\r", "")  # a Cc character, as sent in every browser's line breaks
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text.strip()  # nothing to take out: every Cf and Cc character is unprintable
    kept = (ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cf", "Cc"))
    return "".join(kept).strip()


# A value quoted back in a message is cut to this: a huge input is never sent back whole.
ECHO_LIMIT = 50


def echo(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value someone sent, cut short enough to quote in a message ("…" where it was cut)."""
    shown = str(value)
    return shown if len(shown) <= limit else shown[:limit] + "…"


def grouped_digits(number: int) -> str:
    """A count as the reader writes it: 12.000 in Indonesian, 12,000 in English."""
    return number_format(number, force_grouping=True)
