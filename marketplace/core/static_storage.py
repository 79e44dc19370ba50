"""Static files in production: WhiteNoise's compressed manifest storage, with each URL kept.

A page asks for the same few files on every render (logo, style sheet, scripts) and the
manifest does not change while a process runs (collectstatic runs before it starts), yet
Django looks each name up in the manifest and rebuilds its URL on every {% static %}: about
a twentieth of an uncached listing page.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """CompressedManifestStaticFilesStorage that remembers the URL of each name it served."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)  # a missing file raises, and is not kept
            return url
