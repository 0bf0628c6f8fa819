"""One UI kit: pages use the shared partials instead of their own copies (docs/decisions/0030)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# The kit itself: the partials and Django's form templates, which render through them.
KIT = (ROOT / "templates" / "partials", ROOT / "templates" / "django")


def _templates():
    for path in [*ROOT.glob("netral/*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]:
        if not any(folder in path.parents for folder in KIT):
            yield path, path.read_text(encoding="utf-8")


def test_pages_paginate_only_through_the_partial():
    copies = [str(p) for p, text in _templates() if "has_other_pages" in text]
    assert copies == []


def test_unverified_facts_are_marked_only_by_the_partial():
    wording = r'translate "(Not yet verified|Partly verified|Not fully verified|[Uu]nverified)"'
    copies = [str(p) for p, text in _templates() if re.search(wording, text)]
    assert copies == []


def test_app_stylesheets_load_through_the_app_css_block():
    stray = []
    for path, text in _templates():
        if "{% extends" not in text:
            continue  # stand-alone pages (a printed letter, the 500 page) have their own head
        outside = re.sub(r"\{% block app_css %\}.*?\{% endblock %\}", "", text, flags=re.S)
        if 'rel="stylesheet"' in outside:
            stray.append(str(path))
    assert stray == []


def test_field_errors_and_the_required_mark_come_from_the_partials():
    rendered_errors = re.compile(r"\{\{ *[\w.]*errors *\}\}|\{% for \w+ in [\w.]*errors")
    own_mark = re.compile(r'class="req"|translate "\(optional\)"')
    copies = [
        str(path)
        for path, text in _templates()
        if own_mark.search(text)
        or any("non_field_errors" not in m for m in rendered_errors.findall(text))
    ]
    assert copies == []


def test_a_word_longer_than_its_line_wraps_anywhere_in_the_page_text():
    """A URL in a finding's reasons (https://facebook.com/harumbantul) made a 320 px page 353 px
    wide: the page's text breaks a word that cannot fit its line (checked in the browser by
    tests/browser/audit.py; here, that the stylesheet still says so)."""
    css = (ROOT / "static" / "netral" / "netral.css").read_text(encoding="utf-8")
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S))
    wrapping = {
        selector.strip()
        for selectors, body in rules
        if re.search(r"overflow-wrap:\s*(break-word|anywhere)", body)
        for selector in selectors.split(",")
    }
    assert wrapping & {"main", "body", "html"}


def test_template_comments_close_on_their_own_line():
    """`{# … #}` is one line in Django; a longer one is printed on the page as text (it was,
    above every 500 page). Longer comments use {% comment %}."""
    every = [*ROOT.glob("netral/*/templates/**/*.html"), *ROOT.glob("templates/**/*.html")]
    unclosed = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in every
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert unclosed == []
