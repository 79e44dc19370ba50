"""The per-process copy of stored pages (see pages.py): served without a round trip."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from django.conf import settings

from . import deps


class LocalPages:
    """The pages this process served last, ready to send, and when they were last checked.

    Each page is (checks, content type, body split at its CSRF holes, in bytes, the anonymous
    header and holes in place, checked at): checks are the (clock, tags) of the page and of each
    hole filled in. Bounded by the bytes it holds (least recently served out first).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pages: OrderedDict[str, list] = OrderedDict()
        self._bytes = 0
        self._epoch = 0  # bumped by forget(): a change made in this process shows at once

    @staticmethod
    def _seconds() -> float:
        return float(getattr(settings, "PAGE_CACHE_LOCAL_SECONDS", 0.5))

    def get(self, key: str):
        """Return (checks, content type, parts, trusted) for `key`, or None."""
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            self._pages.move_to_end(key)
        checks, content_type, parts, checked_at, epoch = page
        trusted = epoch == self._epoch and time.monotonic() - checked_at < self._seconds()
        return checks, content_type, parts, trusted

    def checked(self, key: str) -> None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                page[3], page[4] = time.monotonic(), self._epoch

    def put(self, key: str, checks, content_type: str, parts: list[bytes]) -> None:
        limit = int(getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 16 * 1024 * 1024))
        size = sum(map(len, parts)) + len(key)
        if size > limit // 4 or self._seconds() <= 0:
            return
        with self._lock:
            self._drop(key)
            self._pages[key] = [checks, content_type, parts, time.monotonic(), self._epoch]
            self._bytes += size
            while self._bytes > limit and self._pages:
                self._drop(next(iter(self._pages)))

    def _drop(self, key: str) -> None:
        page = self._pages.pop(key, None)
        if page is not None:
            self._bytes -= sum(map(len, page[2])) + len(key)

    def discard(self, key: str) -> None:
        with self._lock:
            self._drop(key)

    def forget(self, tags=None) -> None:
        """Trust no page showing `tags` (all pages: None) without checking it again.

        Called when this process stamped `tags`: a sale that leaves a piece in stock stamps
        only its stock, so the other pages this process holds stay trusted (with five sales
        a second, distrusting them all cost every hit a round trip).
        """
        if tags is None or deps.EVERYTHING in tags:
            self._epoch += 1
            return
        tags = set(tags)
        with self._lock:
            for page in self._pages.values():
                if any(not tags.isdisjoint(page_tags) for _clock, page_tags in page[0]):
                    page[3] = float("-inf")  # checked again on its next hit

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0
            self._epoch += 1

    @property
    def size(self) -> int:
        return self._bytes


local = LocalPages()
deps.on_stamp_forget(local.forget)
