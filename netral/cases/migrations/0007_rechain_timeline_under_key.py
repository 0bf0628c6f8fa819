"""Re-chains every case timeline under NETRAL_TIMELINE_KEY: hashes become HMAC-SHA256 instead of
plain SHA-256 (docs/decisions/0021-keyed-anchored-timeline.md, docs/security.md).

Each old hash is checked before it is replaced, so re-chaining cannot launder an earlier
rewrite: a broken case stops the migration and is named, unless the operator, having looked,
sets NETRAL_RECHAIN_BROKEN=1 (the broken cases are then printed and re-chained as they are).
The hashing is copied here, frozen, so later code cannot change what this migration does.
"""

import datetime as dt
import hashlib
import hmac
import json
import os

from django.conf import settings
from django.db import migrations


def _canonical(record):
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _sha256(record):
    return hashlib.sha256(_canonical(record)).hexdigest()


def _hmac(record):
    key = str(settings.NETRAL_TIMELINE_KEY).encode()
    return hmac.new(key, _canonical(record), hashlib.sha256).hexdigest()


def _record(code, event, prev):
    return {
        "case": code,
        "seq": event.seq,
        "type": event.type,
        "actor": event.actor_id_snapshot,
        "actor_label": event.actor_label,
        "organisation": event.organisation_id,
        "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "payload": event.payload,
        "prev": prev,
    }


def _rechain(apps, old, new):
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    codes = dict(Case.objects.values_list("pk", "code"))
    broken, heads, batch = [], {}, []
    current, prev = None, ""
    for event in CaseEvent.objects.order_by("case_id", "seq").iterator(chunk_size=2000):
        if event.case_id != current:
            current, prev = event.case_id, ""
        code = codes[current]
        if old(_record(code, event, event.prev_hash)) != event.hash and code not in broken:
            broken.append(code)
        event.prev_hash = prev
        event.hash = prev = heads[current] = new(_record(code, event, prev))
        batch.append(event)
        if len(batch) >= 1000:
            CaseEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    if broken and os.environ.get("NETRAL_RECHAIN_BROKEN") != "1":
        raise RuntimeError(
            "These case timelines are already broken, so re-chaining would hide it: "
            + ", ".join(broken[:50])
            + ". Investigate them (docs/security.md), then run the migration again with "
            "NETRAL_RECHAIN_BROKEN=1 to re-chain them as they are."
        )
    if broken:
        print("Re-chained broken case timelines as they were:", ", ".join(broken))  # noqa: T201
    CaseEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
    for pk, head in heads.items():
        Case.objects.filter(pk=pk).update(head_hash=head)


def rechain_under_key(apps, schema_editor):
    _rechain(apps, _sha256, _hmac)


def rechain_without_key(apps, schema_editor):
    _rechain(apps, _hmac, _sha256)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_agency_as_reported")]

    operations = [migrations.RunPython(rechain_under_key, rechain_without_key)]
