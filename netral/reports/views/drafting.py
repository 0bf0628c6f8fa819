"""The draft round trip shared by the report form and the reply form."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from django.http import QueryDict

from netral.reports import crypto, services
from netral.reports.models import DraftFile, ReportDraft


@dataclass
class Posted:
    """A posted form with its draft token, its live draft and the draft files kept."""

    data: QueryDict
    token: str
    draft: ReportDraft | None
    removed: list[str]
    kept: list[tuple[DraftFile, IO[bytes]]] = field(default_factory=list)
    files: list[DraftFile] = field(default_factory=list)  # all of the draft's files, kept or not


_LOOK_UP = object()


@contextmanager
def posted(post: QueryDict, now: Any, draft: Any = _LOOK_UP) -> Iterator[Posted]:
    """Opens the draft files the reporter kept; closes them whatever happens. `draft`: the live
    draft when the caller has read it already (None: there is none)."""
    data = post.copy()
    token = data.get("draft") or ""
    if not 20 <= len(token) <= 100:
        token, draft = crypto.new_token(), None
        data["draft"] = token
    if draft is _LOOK_UP:
        draft = services.load_draft(token=token, now=now)
    removed = data.getlist("draft_remove")
    opened = services.open_draft_files(draft) if draft else []
    try:
        kept = [(item, handle) for item, handle in opened if str(item.uuid) not in removed]
        files = [item for item, _handle in opened]
        yield Posted(data=data, token=token, draft=draft, removed=removed, kept=kept, files=files)
    finally:
        for _item, handle in opened:
            handle.close()


def keep(state: Posted, form: Any, now: Any) -> ReportDraft:
    """Saves what was typed and the files that passed their checks, for the page re-rendered."""
    return services.save_draft(
        token=state.token,
        data=form.draft_payload(),
        files=form.new_inspected,
        remove=state.removed,
        now=now,
    )
