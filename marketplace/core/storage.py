"""Where uploaded files live: public media and private files, each behind one name.

Two storages are configured in settings.STORAGES:

- ``default``: public media (published product photos and their renditions, shop banners,
  maker portraits, review photos). Anyone may fetch these by URL. The file system under
  MEDIA_ROOT in the demo; an S3-compatible bucket in production (settings: MEDIA_S3_*).
- ``private``: files nobody may fetch by URL alone (identity documents, conversation photos,
  unpublished product photos, customs documents, invoices, claim documents). The file system
  under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, with no URL; or a private S3 bucket
  (PRIVATE_S3_*). Read them only through an authorised view that answers with
  `marketplace.core.private_files.private_file_response`.

A model field names the storage by callable, so tests and deployments can swap the backend:
``models.FileField(upload_to="...", storage=private_storage)``.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


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


class _PrivateStorage(LazyObject):
    """storages["private"], looked up at first use and again after STORAGES changes.

    A model field evaluates its storage callable once, when the class is built; this proxy
    lets it follow the configured backend all the same (as django's default_storage does).
    """

    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed, dispatch_uid="core.storage.private_reset")
def _private_reset(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage() -> Storage:
    """Return the storage for files served only through authorised views."""
    return _private


def public_storage() -> Storage:
    """Return the storage for public media (fetched by URL by anyone)."""
    return storages["default"]


def storage_move(name: str, *, source: Storage, target: Storage) -> str:
    """Copy a file from one storage to the other under the same name, then delete the source.

    Answers the name in the target (unchanged unless the target already held another file of
    that name). A file missing in the source but present in the target is left as it is, so a
    move that was interrupted can simply run again.
    """
    if not source.exists(name):
        return name
    with source.open(name, "rb") as fh:
        if target.exists(name):
            target.delete(name)
        saved = target.save(name, fh)
    source.delete(name)
    return saved
