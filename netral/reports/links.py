"""Links to posts: the same post shared with different tracking tails must compare equal."""

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say who shared a link or how it was reached.
_TRACKING = frozenset({"fbclid", "gclid", "igshid", "igsh", "si", "ref", "mibextid", "s", "t"})


def normalise_link(url: str) -> str:
    """Lower-cased scheme and host, no "www.", no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not (key.lower().startswith("utm_") or key.lower() in _TRACKING)
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, urlencode(sorted(query)), ""))


def link_hash(url: str) -> str:
    return hashlib.sha256(normalise_link(url).encode("utf-8")).hexdigest()
