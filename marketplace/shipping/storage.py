"""Where customs documents are kept: private storage, never reachable by URL alone.

`STORAGES["private"]` when the project configures it; until then a file-system storage outside
MEDIA_ROOT (settings.PRIVATE_MEDIA_ROOT), which has no URL. Documents are read only through
the authorised view in this app's views (the shop's people and staff).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


class _PrivateFiles(FileSystemStorage):
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


_fallback = _PrivateFiles()


def document_storage() -> Storage:
    """Return the private storage that holds customs documents."""
    if "private" in getattr(settings, "STORAGES", {}):
        return storages["private"]
    return _fallback
