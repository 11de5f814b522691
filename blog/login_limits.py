"""The login limiter: failed logins only, counted on the username as the authentication backend sees it.

Three counters, all in the shared cache:
1. per (username, address): `PITLANE_LOGIN_FREE_FAILURES` free failures, then each further attempt
   waits twice as long as the last (capped), so guessing slows down but the owner is never refused
   for someone else's failures;
2. per address, any usernames (`PITLANE_RATE_LOGIN_IP`): one address trying many accounts;
3. per username, all addresses (`PITLANE_RATE_LOGIN_USERNAME`): a ceiling that never refuses anyone.
   When it trips, moderators get a `LoginAlert` row and every address is allowed only one failure
   on that username before its backoff starts. An address without failures always gets its attempt.
"""
from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.forms import UsernameField
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError

from blog.client_address import client_address
from blog.limits import too_many_requests
from blog.models import LoginAlert
from moderation.textnorm import fold

log = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 15 * 60
PAIR_MEMORY_SECONDS = 60 * 60  # a (username, address) record is forgotten after an hour without failures


def login_name(raw: str) -> str:
    """The key of a username: what the login form passes to the backend (NFKC, stripped), then folded.

    Folding merges the case and look-alike variants a case-insensitive database would also accept.
    """
    return fold(UsernameField().to_python(raw) or "")


def guarded_login(view: Callable) -> Callable:
    """Wrap a login view: refuse (429) only an address that has earned a wait; forget it on success."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST" or not settings.RATELIMIT_ENABLE:
            return view(request, *args, **kwargs)
        name = login_name(request.POST.get("username", ""))
        wait = _fail_open(lambda: seconds_to_wait(request, name), None)
        if wait:
            return too_many_requests(request, wait, group="login")
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated and login_name(request.user.get_username()) == name:
            _fail_open(lambda: cache.delete(_pair_key(name, client_address(request))), None)
        return response

    return wrapper


def seconds_to_wait(request: HttpRequest, name: str) -> int | None:
    """None when this address may try this username now, else the seconds until it may."""
    address_usage = _usage(request, "login-ip", "ip", settings.PITLANE_RATE_LOGIN_IP, increment=False)
    if address_usage and address_usage["count"] >= address_usage["limit"]:
        return max(address_usage["time_left"], 1)
    failures, last_failure = cache.get(_pair_key(name, client_address(request)), (0, 0.0))
    free = 1 if cache.get(_alert_key(name)) else settings.PITLANE_LOGIN_FREE_FAILURES
    if failures < free:
        return None
    wait = min(2 ** (failures - free + 1), MAX_BACKOFF_SECONDS) - (time.time() - last_failure)
    return math.ceil(wait) if wait > 0 else None


@receiver(user_login_failed)
def count_failed_login(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    if request is None or request.method != "POST" or not settings.RATELIMIT_ENABLE:
        return
    _fail_open(lambda: record_failure(request, login_name(credentials.get("username") or "")), None)


def record_failure(request: HttpRequest, name: str) -> None:
    """Count one failed login against the address, the (username, address) pair and the username."""
    _usage(request, "login-ip", "ip", settings.PITLANE_RATE_LOGIN_IP, increment=True)
    pair = _pair_key(name, client_address(request))
    failures, _ = cache.get(pair, (0, 0.0))
    cache.set(pair, (failures + 1, time.time()), PAIR_MEMORY_SECONDS)
    ceiling = _usage(request, "login-username", lambda group, req: name, settings.PITLANE_RATE_LOGIN_USERNAME,
                     increment=True)
    tripped = ceiling is not None and ceiling["count"] >= ceiling["limit"]
    if tripped and cache.add(_alert_key(name), True, PAIR_MEMORY_SECONDS):
        LoginAlert.objects.create(username=name[:150], failures=ceiling["count"])
        log.warning("login ceiling reached for username %r: %s failures", name, ceiling["count"])


def _usage(request: HttpRequest, group: str, key, rate: str, increment: bool) -> dict | None:
    return get_usage(request, group=group, key=key, rate=rate, method="POST", increment=increment)


def _pair_key(name: str, address: str) -> str:
    return f"login-pair:{_digest(name)}:{address}"


def _alert_key(name: str) -> str:
    return f"login-alert:{_digest(name)}"


def _digest(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:32]


def _fail_open(action: Callable, default):
    """A cache outage must not stop people logging in: log it and let the request through."""
    try:
        return action()
    except (RedisError, OSError):
        log.warning("login limiter not applied: cache unavailable", exc_info=True)
        return default
