"""Finding events (evidence bundle downloads among them) join the keyed hash chain: seq,
previous hash and hash, filled in for existing rows in (time, id) order under NETRAL_TIMELINE_KEY
(docs/decisions/0021-keyed-anchored-timeline.md). The hashing is copied here, frozen."""

import datetime as dt
import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations, models


def _hash(record):
    body = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return hmac.new(str(settings.NETRAL_TIMELINE_KEY).encode(), body, hashlib.sha256).hexdigest()


def chain_existing_events(apps, schema_editor):
    FindingEvent = apps.get_model("monitoring", "FindingEvent")
    events = FindingEvent.objects.select_related("finding").order_by("finding_id", "at", "id")
    batch, current, seq, prev = [], None, 0, ""
    for event in events.iterator(chunk_size=2000):
        if event.finding_id != current:
            current, seq, prev = event.finding_id, 0, ""
        seq += 1
        event.seq, event.prev_hash = seq, prev
        event.hash = prev = _hash(
            {
                "finding": str(event.finding.public_id),
                "seq": seq,
                "type": event.type,
                "actor": event.actor_id,
                "at": event.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
                "payload": event.payload,
                "prev": event.prev_hash,
            }
        )
        batch.append(event)
        if len(batch) >= 1000:
            FindingEvent.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
            batch = []
    FindingEvent.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="findingevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="findingevent",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="findingevent",
            name="seq",
            field=models.PositiveIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
    ]
