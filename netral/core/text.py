"""What a reader sees of a text."""

import unicodedata


def visible(text: str) -> str:
    """What a reader sees of `text`: without the characters that show nothing (zero-width
    spaces and joiners, word joiners, byte-order marks, direction marks: Unicode's format and
    control characters), and without white space at its ends. For "is anything written?" and
    "how long is it?": a message of invisible characters only is an empty message."""
    kept = (ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cf", "Cc"))
    return "".join(kept).strip()
