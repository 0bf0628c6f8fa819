"""Private storage for evidence, previews and draft uploads.

It lives under MEDIA_ROOT/evidence, which the web server never serves: staff receive files only
through views that check the policy. Names in storage are random; the reporter's file name is
kept in the database only. A file's modification time is set back to the start of the hour, as
every reporter-side moment is (docs/security.md, "Threat model"): a file-system listing must not
date a report to the second.
"""

import contextlib
import os
import time
import uuid
from functools import cache

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage

from netral.core.storage import private_storage


@cache
def evidence_storage() -> Storage:
    """NETRAL_EVIDENCE_STORAGE (a dotted Storage class) or files under MEDIA_ROOT/evidence."""
    return private_storage("NETRAL_EVIDENCE_STORAGE", "evidence")


def save(folder: str, extension: str, content: "File[bytes] | bytes") -> str:
    """Stores content under a random name in `folder`; returns the name in storage."""
    name = f"{folder}/{uuid.uuid4().hex}.{extension}"
    data = ContentFile(content) if isinstance(content, bytes) else content
    if hasattr(data, "seek"):
        data.seek(0)
    store = evidence_storage()
    saved = store.save(name, data)
    _blur_times(store, saved)
    return saved


def _blur_times(store: Storage, name: str) -> None:
    """Sets the file's and its folder's access and modification times to the hour. The inode's
    change time (ctime) cannot be set from user space: docs/security.md says what that leaves."""
    try:
        path = store.path(name)
    except NotImplementedError:  # object storage: no file-system times to blur
        return
    hour = int(time.time()) // 3600 * 3600
    for target in (path, os.path.dirname(path)):
        with contextlib.suppress(OSError):
            os.utime(target, (hour, hour))


def delete_quietly(names: list[str]) -> None:
    """Removes stored files after a failed transaction; a missing file is not an error."""
    storage = evidence_storage()
    for name in names:
        if name:
            with contextlib.suppress(OSError):
                storage.delete(name)
