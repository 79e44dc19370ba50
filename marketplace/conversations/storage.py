"""Where conversation photos are kept: private storage, never reachable by URL alone.

The one place that chooses it. A `private` storage in settings.STORAGES (the private bucket of
[hardening], once on main) is used when configured; until then a file-system storage outside
MEDIA_ROOT (settings.PRIVATE_MEDIA_ROOT), so /media/ can never serve these files. They are
read only through views that check the reader takes part in the conversation (or is staff).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT (read at each use), with no public URL."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through an authorised view.")


_fallback = PrivateFileSystemStorage()


def photo_storage() -> Storage:
    """Return the private storage that holds conversation photos."""
    if "private" in getattr(settings, "STORAGES", {}):
        return storages["private"]
    return _fallback
