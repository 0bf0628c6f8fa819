"""Indonesian first: every literal a template translates has an Indonesian translation.

{% translate %} literals in either quotes; `blocktranslate` blocks are left to the reviews
(their placeholders make the message id differ from the text).
"""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

_LITERAL = re.compile(
    r"""{%\s*(?:translate|trans)\s+(["'])(.+?)\1(?:\s+context\s+(["'])(.+?)\3)?"""
)
# Words Indonesian writes as English does.
SAME_IN_INDONESIAN = {
    "Administrator",
    "Filter",
    "Jargon",
    "Model",
    "NIP / NI PPPK",
    "PPK",
    "Poster (PDF)",
    "poster",
    "Status",
    "Status:",
    "Supervisor",
    "WARC (SHA-256)",
}


def _templates() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return sorted([*root.glob("templates/**/*.html"), *root.glob("netral/*/templates/**/*.html")])


def test_every_translated_literal_has_an_indonesian_translation():
    untranslated = []
    with translation.override("id"):
        for path in _templates():
            for match in _LITERAL.finditer(path.read_text(encoding="utf-8")):
                _quote, text, _quote2, context = match.groups()
                said = translation.pgettext(context, text) if context else translation.gettext(text)
                if said == text and text not in SAME_IN_INDONESIAN:
                    untranslated.append(f"{path.name}: {text}")
    assert untranslated == []
