"""Report events join the keyed hash chain: seq, previous hash and hash, filled in for existing
rows in (time, id) order under NETRAL_TIMELINE_KEY (docs/decisions/0021-keyed-anchored-timeline.md).

The hashing is copied here, frozen, so that later changes to the code cannot change what this
migration wrote.
"""

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
    ReportEvent = apps.get_model("reports", "ReportEvent")
    events = ReportEvent.objects.select_related("report").order_by("report_id", "created_at", "id")
    batch, current, seq, prev = [], None, 0, ""
    for event in events.iterator(chunk_size=2000):
        if event.report_id != current:
            current, seq, prev = event.report_id, 0, ""
        seq += 1
        event.seq, event.prev_hash = seq, prev
        event.hash = prev = _hash(
            {
                "report": event.report.code,
                "seq": seq,
                "type": event.type,
                "actor": event.actor_id,
                "organisation": event.organisation_id,
                "at": event.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
                "payload": event.payload,
                "prev": event.prev_hash,
            }
        )
        batch.append(event)
        if len(batch) >= 1000:
            ReportEvent.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
            batch = []
    ReportEvent.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0005_reporter_emailed_event")]

    operations = [
        migrations.AddField(
            model_name="reportevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="reportevent",
            name="prev_hash",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="reportevent",
            name="seq",
            field=models.PositiveIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
    ]
