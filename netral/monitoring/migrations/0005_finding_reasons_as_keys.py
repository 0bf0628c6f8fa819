"""Findings' reasons stored as sentences become keys with values (decision 0125).

A sentence `pipeline/reasons.py` wrote when this migration was made, in Indonesian or English,
becomes its key; any other stays as text and is shown as it is. Going back writes Indonesian
sentences. The sentences are frozen in `_reasons_0005.py`, so later rewording changes nothing
here. Finding rows are not part of a hash chain (their events are), so nothing chained changes.
"""

import re

from django.db import migrations

from netral.monitoring.migrations._reasons_0005 import PLACEHOLDER_WORDS, SENTENCES

BATCH = 500
NUMBERS = ("number", "count", "total", "percent")


def _pattern(sentence):
    # re.escape leaves "%", "(", ")" escaped as needed; the fields become groups.
    pattern = re.escape(sentence).replace("%%", "%")
    return re.compile(
        re.sub(
            r"%\\\((\w+)\\\)s",
            lambda m: r"(?P<number>\d+|\?)" if m.group(1) == "number" else f"(?P<{m.group(1)}>.+?)",
            pattern,
        ),
        re.DOTALL,
    )


PATTERNS = {
    language: [(key, _pattern(sentence)) for key, sentence in sentences.items()]
    for language, sentences in SENTENCES.items()
}


def _feature(text, language):
    """A readable model phrase back into its placeholders ("[nomor urut]" → "<NOMOR>")."""
    words = {word: token for token, word in PLACEHOLDER_WORDS[language].items()}
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, words[word])
    return text


def _value(name, value, language):
    if name == "reason":
        return _parse(value, language)
    if name == "feature":
        return _feature(value, language)
    if name in NUMBERS:
        return int(value) if value.isdigit() else value
    return value


def _parse(text, language):
    for key, pattern in PATTERNS[language]:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        values = {name: _value(name, value, language) for name, value in found.groupdict().items()}
        if values.get("reason", {}) is not None:
            return {"key": key, **values}
    return None


def _keyed(reason):
    if not isinstance(reason, str):
        return reason
    for language in ("id", "en"):
        found = _parse(reason, language)
        if found is not None:
            return found
    return reason


def _sentence(reason):
    if not isinstance(reason, dict):
        return str(reason)
    if reason.get("key") not in SENTENCES["id"]:
        return str(reason.get("text") or reason.get("key") or "")
    sentence = SENTENCES["id"][reason["key"]]
    values = {name: value for name, value in reason.items() if name != "key"}
    if "reason" in values:
        values["reason"] = _sentence(values["reason"])
    if "feature" in values:
        words = PLACEHOLDER_WORDS["id"]
        values["feature"] = " ".join(words.get(w, w) for w in str(values["feature"]).split())
    try:
        return sentence % values if values else sentence
    except (KeyError, TypeError, ValueError):
        return sentence


def _rewrite(apps, change):
    Finding = apps.get_model("monitoring", "Finding")
    changed = []
    for finding in Finding.objects.only("id", "reasons").iterator(chunk_size=BATCH):
        stored = list(finding.reasons or [])
        new = [change(reason) for reason in stored]
        if new != stored:
            finding.reasons = new
            changed.append(finding)
        if len(changed) >= BATCH:
            Finding.objects.bulk_update(changed, ["reasons"])
            changed = []
    Finding.objects.bulk_update(changed, ["reasons"])


def to_keys(apps, schema_editor):
    _rewrite(apps, _keyed)


def to_sentences(apps, schema_editor):
    _rewrite(apps, _sentence)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_finding_page_capture")]

    operations = [migrations.RunPython(to_keys, to_sentences)]
