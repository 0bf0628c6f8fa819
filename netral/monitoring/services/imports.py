"""Ingestion: an export file → items (deduplicated by hash) → detector → findings.

Rows are written in batches, each in its own transaction, so an interrupted import keeps what
it saved and a second run of the same file adds nothing (items are unique per election on the
SHA-256 of their canonical form).
"""

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from netral.monitoring import events, evidence
from netral.monitoring.connectors import Connector, RawItem, for_file_name
from netral.monitoring.models import Finding, FindingEvent, ImportRun, Item
from netral.monitoring.services import accounts
from netral.registry.models import Election

BATCH = 200
MAX_PROBLEMS = 500  # enough to fix a file; a million broken rows must not bloat one row
INLINE_BYTES = 512 * 1024


def inline_limit() -> int:
    """Uploads up to this size are imported while the officer waits; larger ones in the
    background (NETRAL_MONITORING_INLINE_BYTES)."""
    return int(getattr(settings, "NETRAL_MONITORING_INLINE_BYTES", INLINE_BYTES))


@transaction.atomic
def start_import(
    *, election: Election, content: bytes, file_name: str, by: Any, now: dt.datetime
) -> ImportRun:
    """Keeps the uploaded file in private storage and queues its import (inline when small)."""
    run = ImportRun.objects.create(
        election=election,
        file_name=file_name[:200],
        file_format="csv" if file_name.lower().endswith(".csv") else "jsonl",
        stored_name=evidence.store("imports", "bin", content),
        file_sha256=evidence.sha256_hex(content),
        source=_("upload"),
        created_by=by,
        created_at=now,
    )
    if len(content) > inline_limit():
        from netral.monitoring import tasks  # tasks import services: import here, not at the top

        run_id = str(run.public_id)
        transaction.on_commit(lambda: tasks.process_import.enqueue(run_id))
    return run


def process_import_run(*, run: ImportRun, now: dt.datetime) -> ImportRun:
    """Imports a queued run's stored file (inline, or from the background task)."""
    if run.status != ImportRun.Status.QUEUED:
        return run
    content = evidence.read_stored(run.stored_name)
    return import_stream(
        run=run, stream=io.BytesIO(content), connector=for_file_name(run.file_name), now=now
    )


def import_stream(
    *, run: ImportRun, stream: BinaryIO, connector: Connector, now: dt.datetime
) -> ImportRun:
    """Reads every row, imports new items in batches and records row-level problems."""
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
    run.status = ImportRun.Status.RUNNING
    # Imported here, not at module level: the detector brings numpy and the model, and a web
    # or task worker that never imports must not load them (docs/performance.md, lean workers).
    from netral.monitoring import detection

    detector = detection.detector_for(run.election)
    seen: set[str] = set()
    try:
        for batch in _batches(connector.read(stream)):
            _import_batch(run, batch, detector, seen, now)
            _record_problems(run, connector)
    except Exception as exc:
        run.problems.append(
            {"line": 0, "message": _("The import stopped: %(error)s") % {"error": exc}}
        )
        _finish(run, ImportRun.Status.FAILED, now)
        raise
    _record_problems(run, connector)
    return _finish(run, ImportRun.Status.DONE, now)


def _batches(items: Iterator[RawItem]) -> Iterator[list[RawItem]]:
    batch: list[RawItem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


@transaction.atomic
def _import_batch(
    run: ImportRun, batch: list[RawItem], detector: Any, seen: set[str], now: dt.datetime
) -> None:
    run.rows_read += len(batch)
    prepared = []
    for raw in batch:
        fields = evidence.normalised_fields(raw)
        canonical = evidence.canonical_json(fields)
        prepared.append((raw, fields, canonical, evidence.sha256_hex(canonical)))
    hashes = [sha for *_rest, sha in prepared]
    existing = set(
        Item.objects.filter(election=run.election, sha256__in=hashes).values_list(
            "sha256", flat=True
        )
    )
    fresh = []
    for entry in prepared:
        sha = entry[3]
        if sha in existing or sha in seen:
            run.duplicates += 1
            continue
        seen.add(sha)
        fresh.append(entry)
    from netral.monitoring import detection  # loaded by import_stream already

    results = detection.classify(detector, [raw for raw, *_rest in fresh])
    for (raw, fields, canonical, sha), result in zip(fresh, results, strict=True):
        item = _save_item(run, raw, fields, canonical, sha, now)
        for warning in raw.warnings:
            run.problems.append({"line": raw.line, "message": warning, "skipped": False})
        run.imported += 1
        if detection.is_campaign(result):
            _save_finding(item, result, now)
            run.flagged += 1
    _save_counts(run)


def _save_item(
    run: ImportRun, raw: RawItem, fields: dict[str, str], canonical: str, sha: str, now: dt.datetime
) -> Item:
    account = accounts.account_for_author(
        election=run.election,
        platform=fields["platform"],
        handle=fields["author"],
        display_name=raw.author_name,
        bio=raw.author_bio,
        now=now,
    )
    warc_name = warc_sha = ""
    if raw.raw:
        record = evidence.warc_record(raw, captured_at=now)
        warc_name, warc_sha = evidence.store("warc", "warc.gz", record), evidence.sha256_hex(record)
    return Item.objects.create(
        election=run.election,
        run=run,
        account=account,
        external_id=raw.id[:200],
        platform=fields["platform"][:16] or "lainnya",
        kind=raw.kind,
        author=fields["author"][:200],
        url=fields["url"][:2000],
        posted_at=raw.posted_at,
        text=fields["text"],
        shared_text=fields["shared_text"],
        shared_url=fields["shared_url"][:2000],
        shared_author=fields["shared_author"][:200],
        canonical=canonical,
        sha256=sha,
        captured_at=now,
        source=f"{run.source}:{run.file_name}"[:64],
        warc_name=warc_name,
        warc_sha256=warc_sha,
    )


def _save_finding(item: Item, result: dict[str, Any], now: dt.datetime) -> Finding:
    region = item.election.region
    finding = Finding.objects.create(
        item=item,
        election=item.election,
        region_code=region.code if region else "",
        score=float(result["score"]),
        candidate=result.get("candidate"),
        stance=result.get("stance") or "",
        codes=list(result.get("codes") or []),
        reasons=list(result.get("reasons") or []),
        signals=list(result.get("signals") or []),
        model_version=str(result.get("model_version", "")),
        config_version=str(result.get("config_version", "")),
        created_at=now,
    )
    events.record_finding_event(
        finding,
        FindingEvent.Type.FLAGGED,
        by=None,
        now=now,
        score=finding.score,
        model_version=finding.model_version,
    )
    return finding


def _record_problems(run: ImportRun, connector: Connector) -> None:
    for problem in connector.problems:
        run.skipped += problem.skipped
        if len(run.problems) < MAX_PROBLEMS:
            run.problems.append(
                {"line": problem.line, "message": problem.message, "skipped": problem.skipped}
            )
    connector.problems.clear()
    _save_counts(run)


def _save_counts(run: ImportRun) -> None:
    run.problems = run.problems[:MAX_PROBLEMS]
    fields = ["rows_read", "imported", "duplicates", "skipped", "flagged", "problems", "status"]
    run.save(update_fields=fields)


def _finish(run: ImportRun, status: str, now: dt.datetime) -> ImportRun:
    run.status = status
    run.finished_at = now
    _save_counts(run)
    run.save(update_fields=["finished_at"])
    return run
