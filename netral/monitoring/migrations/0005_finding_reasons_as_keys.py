"""Findings' reasons stored as sentences become keys with values (decision 0125).

A sentence this version of `pipeline/reasons.py` would write, in Indonesian or English, becomes
its key; any other stays as text and is shown as it is. Going back writes Indonesian sentences.
Finding rows are not part of a hash chain (their events are), so nothing chained changes.
"""

from django.db import migrations
from django.utils import translation

BATCH = 500


def to_keys(apps, schema_editor):
    from netral.monitoring.pipeline import reasons

    Finding = apps.get_model("monitoring", "Finding")
    changed = []
    for finding in Finding.objects.only("id", "reasons").iterator(chunk_size=BATCH):
        stored = list(finding.reasons or [])
        new = [_keyed(reasons, reason) for reason in stored]
        if new != stored:
            finding.reasons = new
            changed.append(finding)
        if len(changed) >= BATCH:
            Finding.objects.bulk_update(changed, ["reasons"])
            changed = []
    Finding.objects.bulk_update(changed, ["reasons"])


def _keyed(reasons, reason):
    if not isinstance(reason, str):
        return reason
    for language in ("id", "en"):
        found = reasons.parse(reason, language)
        if found is not None:
            return found
    return reason


def to_sentences(apps, schema_editor):
    from netral.monitoring.pipeline import reasons

    Finding = apps.get_model("monitoring", "Finding")
    changed = []
    with translation.override("id"):
        for finding in Finding.objects.only("id", "reasons").iterator(chunk_size=BATCH):
            finding.reasons = reasons.sentences(list(finding.reasons or []))
            changed.append(finding)
    Finding.objects.bulk_update(changed, ["reasons"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0004_finding_page_capture")]

    operations = [migrations.RunPython(to_keys, to_sentences)]
