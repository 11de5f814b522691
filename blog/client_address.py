"""The client's address, for every per-address limit and for the address stored with a comment.

Behind N trusted proxies (`PITLANE_TRUSTED_PROXIES`) each proxy appends the address it received the
request from to `X-Forwarded-For`, so the client is the entry N places from the right of
"<X-Forwarded-For>, <REMOTE_ADDR>". Anything further left was written by the client and is ignored.
A missing, short or malformed header falls back to the nearest address we can trust; never an error.
"""
from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN_ADDRESS = "0.0.0.0"  # no REMOTE_ADDR at all (a test harness or a misconfigured socket)


def client_address(request: HttpRequest) -> str:
    """The client's IP address as text, judged by the configured number of trusted proxies."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR", "")) or UNKNOWN_ADDRESS
    proxies = settings.PITLANE_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [part.strip() for part in forwarded.split(",") if part.strip()] + [remote]
    # Only the hops our own proxies appended count; a shorter chain means fewer proxies than expected.
    trusted_hops = chain[-(proxies + 1):]
    for hop in trusted_hops:
        address = _valid_ip(hop)
        if address:
            return address
    return remote


def _valid_ip(text: str) -> str | None:
    """The address in `text` ("203.0.113.9", "203.0.113.9:4711", "[2001:db8::1]:443"), else None."""
    text = text.strip()
    if text.startswith("[") and "]" in text:
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
