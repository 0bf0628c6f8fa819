"""Text normalisation shared by the models' search columns and the lookups."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def search_key(text: str) -> str:
    """Upper case, accents removed, spaces collapsed: what `search_name` columns hold.

    Lookups normalise the query the same way, so a prefix match is case- and accent-blind on
    every database without a functional index.
    """
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", plain).strip().upper()
