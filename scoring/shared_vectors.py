"""Sentence vectors shared between the site's processes through its cache (Redis in production).

Each web process encodes the draft it warns about, and each worker child reads every new comment as
the discussion of the next ones; kept per process only, one comment is encoded three or four times.
Through the shared cache the first process to encode a text hands its vector to the others. The cache
is a speed-up, never a dependency: when it cannot answer, vectors are encoded locally and the cache is
left alone for a while, so an outage costs no request a timeout per comment.
"""
from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import caches

from ml.embeddings import use_shared_store

log = logging.getLogger(__name__)
# After a failed call the cache is not asked again for this long (seconds).
RETRY_AFTER = 30.0
# More new vectors than this at once come from a bulk job (training, scoring a file): each of its texts
# is read once, so sharing them would only fill the cache (and the broker's Redis) for days.
SHARE_AT_MOST = 512


class CacheVectors:
    """ml.embeddings.VectorStore on a Django cache; it never raises."""

    def __init__(self, alias: str = "default", timeout: int | None = None):
        self.alias = alias
        self.timeout = settings.PITLANE_EMBEDDINGS_TTL if timeout is None else timeout
        self._resting_until = 0.0

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        if self._resting():
            return {}
        try:
            return caches[self.alias].get_many(keys)
        except Exception as error:  # noqa: BLE001  any cache failure means "not shared this time"
            self._rest(error)
            return {}

    def set_many(self, vectors: dict[str, bytes]) -> None:
        if self._resting() or len(vectors) > SHARE_AT_MOST:
            return
        try:
            caches[self.alias].set_many(vectors, timeout=self.timeout)
        except Exception as error:  # noqa: BLE001
            self._rest(error)

    def _resting(self) -> bool:
        return time.monotonic() < self._resting_until

    def _rest(self, error: Exception) -> None:
        log.warning("shared sentence vectors unavailable for %.0f s: %s", RETRY_AFTER, error)
        self._resting_until = time.monotonic() + RETRY_AFTER


def share_vectors_if_configured() -> None:
    """Share vectors through the default cache when it is one all processes see (PITLANE_SHARE_EMBEDDINGS)."""
    use_shared_store(CacheVectors() if settings.PITLANE_SHARE_EMBEDDINGS else None)
