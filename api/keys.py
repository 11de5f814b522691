"""Issuing and checking API keys. A key is `pl_<prefix>_<secret>`; only its SHA-256 is stored.

The secret is 32 random bytes, so a fast hash is enough: there is nothing to guess a dictionary for.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from api.models import ApiKey
from blog.models import Site

ALL_SCOPES = tuple(ApiKey.Scope.values)


def issue_key(site: Site, scopes: tuple[str, ...] = ALL_SCOPES, note: str = "") -> tuple[ApiKey, str]:
    """A new key for the site: the row, and the key itself (shown once, never stored)."""
    unknown = set(scopes) - set(ALL_SCOPES)
    if unknown:
        raise ValueError(f"unknown scopes: {', '.join(sorted(unknown))}")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    key = f"pl_{prefix}_{secret}"
    row = ApiKey.objects.create(
        site=site, prefix=prefix, key_hash=_digest(key), scopes=list(scopes), note=note
    )
    return row, key


def find_key(presented: str) -> ApiKey | None:
    """The usable key row the presented key belongs to, or None (unknown, malformed or revoked)."""
    parts = presented.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != "pl":
        return None
    row = ApiKey.objects.usable().select_related("site").filter(prefix=parts[1]).first()
    if row is None or not hmac.compare_digest(row.key_hash, _digest(presented.strip())):
        return None
    return row


def revoke(key_id: int) -> bool:
    """Revoke a key from now on; True when this call revoked it."""
    return ApiKey.objects.filter(pk=key_id, revoked_at__isnull=True).update(revoked_at=timezone.now()) == 1


def site_for(name: str, url: str) -> Site:
    """The site of that name, created with the URL when new; a given URL updates an existing one."""
    with transaction.atomic():
        site, created = Site.objects.get_or_create(name=name, defaults={"url": url})
        if not created and url and site.url != url:
            site.url = url
            site.save(update_fields=["url"])
    return site


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
