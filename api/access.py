"""Who is calling: the key presented, its scope, and its rate limit, for every door (Akismet, Coral, REST)."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError

from api.keys import find_key
from api.metrics import API_CALLS
from api.models import ApiKey

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Refusal:
    """Why a call is refused: an HTTP status and a message safe to show the caller."""

    status: int
    message: str
    retry_after: int | None = None


def authorise(request: HttpRequest, presented: str, scope: str) -> ApiKey | Refusal:
    """The caller's key when it is valid, has the scope and is within its rate; else why not.

    1. An unknown, malformed or revoked key is refused alike (401): no hint which.
    2. A key without the scope gets 403.
    3. Every call of a key counts against PITLANE_RATE_API_KEY; over it, 429 with Retry-After.
    """
    key = find_key(presented) if presented else None
    if key is None:
        return Refusal(401, "Missing, unknown or revoked API key.")
    if not key.allows(scope):
        return Refusal(403, f"This API key does not have the {scope!r} scope.")
    retry_after = _seconds_until_allowed(request, key)
    if retry_after is not None:
        return Refusal(429, "Too many calls with this API key; slow down.", retry_after)
    _note_use(key)
    API_CALLS.labels(door=request.path.strip("/").split("/")[0], scope=scope).inc()
    return key


def _seconds_until_allowed(request: HttpRequest, key: ApiKey) -> int | None:
    try:
        usage = get_usage(
            request, group="api-key", key=lambda group, request: key.prefix,
            rate=settings.PITLANE_RATE_API_KEY, increment=True,
        )
    except (RedisError, OSError):
        log.warning("API rate limit not checked: cache unavailable", exc_info=True)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)


# When this process last recorded each key's use: at most one write a minute per key and process, so
# busy keys do not turn every call into a database write (nor into a cache round trip).
NOTE_USE_EVERY = 60.0
_noted: dict[int, float] = {}


def _note_use(key: ApiKey) -> None:
    now = time.monotonic()
    if now - _noted.get(key.pk, float("-inf")) < NOTE_USE_EVERY:
        return
    _noted[key.pk] = now
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
