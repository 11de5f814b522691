"""Abuse limits on the write endpoints, counted by django-ratelimit in the shared cache.

The rates are settings (`PITLANE_RATE_*`, "count/period" such as "6/m"), read at request time so an
operator can change them without code. A limited request gets the 429 page with `Retry-After`.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# (group, key, setting holding the rate): one limit each; a view may carry several.
COMMENT_PER_ACCOUNT = ("comment-account", "user_or_ip", "PITLANE_RATE_COMMENT_ACCOUNT")
COMMENT_PER_IP = ("comment-ip", "ip", "PITLANE_RATE_COMMENT_IP")
REPORT_PER_ACCOUNT = ("report-account", "user_or_ip", "PITLANE_RATE_REPORT_ACCOUNT")
# Many accounts reporting from one address (a brigade run from one machine).
REPORT_PER_IP = ("report-ip", "ip", "PITLANE_RATE_REPORT_IP")
SIGNUP_PER_IP = ("signup-ip", "ip", "PITLANE_RATE_SIGNUP_IP")
RESET_PER_IP = ("reset-ip", "ip", "PITLANE_RATE_RESET_IP")
EDIT_PER_ACCOUNT = ("edit-account", "user_or_ip", "PITLANE_RATE_EDIT_ACCOUNT")
VOTE_PER_ACCOUNT = ("vote-account", "user_or_ip", "PITLANE_RATE_VOTE_ACCOUNT")
# Data downloads and deletion attempts (each asks for the password): neither is a daily need.
ACCOUNT_DATA_PER_ACCOUNT = ("account-data", "user_or_ip", "PITLANE_RATE_ACCOUNT_DATA")
# Logins have their own limiter, counting failures only: blog.login_limits.

Limit = tuple[str, str, str]

# What the 429 page says about each kind of limit, by the group's first word.
WHY_LIMITED = {
    "comment": "Limits on posting keep the comment section readable for everyone.",
    "report": "Limits on reports keep the moderators' queue useful.",
    "signup": "Limits on new accounts keep spam accounts out.",
    "reset": "Limits on password resets keep anyone from flooding a reader's inbox.",
    "edit": "Limits on editing keep every comment's history readable for moderators.",
    "vote": "Limits on votes keep the Top sort fair.",
    "account": "Data downloads and account deletion are limited to a few an hour, so nobody can guess a "
    "password here.",
    "login": "Logging in pauses after many attempts, to protect accounts from password guessing.",
}


def limited(*limits: Limit) -> Callable:
    """Count every POST to the view against each limit; over any of them, answer 429 instead."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            for limit in limits:
                retry_after = _seconds_until_allowed(request, *limit)
                if retry_after is not None:
                    return too_many_requests(request, retry_after, limit[0])
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def too_many_requests(request: HttpRequest, retry_after: int, group: str = "comment") -> HttpResponse:
    context = {
        "retry_after": retry_after,
        "kind": group.split("-")[0],
        "why": WHY_LIMITED.get(group.split("-")[0], ""),
    }
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _seconds_until_allowed(request: HttpRequest, group: str, key: str, setting: str) -> int | None:
    """None when the request is within the limit, else the seconds until the window resets."""
    try:
        usage = get_usage(request, group=group, key=key, rate=getattr(settings, setting), method="POST",
                          increment=True)
    except (RedisError, OSError):
        # A cache outage must not take posting down with it: fail open, loudly.
        log.warning("rate limit %s not checked: cache unavailable", group, exc_info=True)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)
