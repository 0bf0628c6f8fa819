"""Helpers for the tests that break a copy of the data files (fixture `data` in conftest)."""


def edit(path, old, new):
    """Replaces the first `old` in the file, which must contain it."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
