"""Private file storage: files the web server never serves.

Each app that keeps private files (report evidence, monitoring captures) names a setting that may
hold a dotted Storage class, and a folder under MEDIA_ROOT used when the setting is empty. Files
are readable by the server's user only; they leave only through views that check the policy.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.module_loading import import_string


def private_storage(setting: str, folder: str) -> Storage:
    """The Storage class named in `setting`, or owner-only files under MEDIA_ROOT/`folder`."""
    backend = getattr(settings, setting, "")
    if backend:
        storage: Storage = import_string(backend)()
        return storage
    return FileSystemStorage(
        location=settings.MEDIA_ROOT / folder,
        base_url=None,
        file_permissions_mode=0o600,
        directory_permissions_mode=0o700,
    )
