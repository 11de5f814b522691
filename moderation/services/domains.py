"""The link domains a site treats as ordinary: the moderators' allow list and what published comments use.

A link to one of them is never evidence of spam (ml.spam_features); an unknown domain counts only
together with other signals.
"""
from __future__ import annotations

import re
import threading
import time
from typing import Any

from django.core.exceptions import ValidationError

from blog.models import Comment
from moderation.models import LinkDomainChange

# Published comments read for the domains the site's readers link to (newest first, bounded).
LEARNED_FROM = 2000
_DOMAIN_RE = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def clean_domain(text: str) -> str:
    """'https://www.RockAuto.com/en/' -> 'rockauto.com'; a ValidationError for anything else."""
    from ml.text import DOMAIN_RE

    match = DOMAIN_RE.match(text.strip().lower())
    domain = match.group(1).rstrip(".") if match else ""
    if not _DOMAIN_RE.match(domain):
        raise ValidationError(f"{text.strip()[:80]!r} is not a domain name such as rockauto.com")
    return domain


def set_domain(text: str, allowed: bool, actor: Any, note: str = "") -> LinkDomainChange | None:
    """Allow or disallow a domain; None when it is already in that state (no duplicate history)."""
    domain = clean_domain(text)
    if (domain in allowed_domains()) == allowed:
        return None
    return LinkDomainChange.objects.create(domain=domain, allowed=allowed, actor=actor, note=note[:200])


def allowed_domains() -> frozenset[str]:
    """Domains whose latest change allows them."""
    changes = LinkDomainChange.objects.order_by("changed_at", "id").values_list("domain", "allowed")
    latest = dict(changes)  # later changes overwrite earlier ones
    return frozenset(domain for domain, allowed in latest.items() if allowed)


def learned_domains() -> frozenset[str]:
    """Domains linked from the site's latest published comments."""
    from ml.text import domains

    bodies = (
        Comment.objects.filter(status=Comment.Status.PUBLISHED, body__contains=".")
        .order_by("-created_at", "-pk").values_list("body", flat=True)[:LEARNED_FROM]
    )
    return frozenset(d for body in bodies for d in domains(body))


def site_domains() -> frozenset[str]:
    """What the model is told counts as seen on this site: the allow list plus the learned domains.

    The allow list is read every time (one small query), so a moderator's change counts from the next
    comment on, in every process. The learned domains are this process's copy, at most LEARNED_TTL old.
    """
    return allowed_domains() | recent_learned_domains()


# Reading the learned domains (LEARNED_FROM comment bodies, their links parsed) was a fifth of a
# synchronous comment-check (bench/akismet_profile.py), for a set that changes slowly. Each process
# keeps it for a minute: a domain first published less than a minute ago may not count as seen yet.
LEARNED_TTL = 60.0
_learned: dict[str, Any] = {}
_learned_lock = threading.Lock()


def recent_learned_domains() -> frozenset[str]:
    """learned_domains(), as this process read it at most LEARNED_TTL seconds ago."""
    with _learned_lock:  # one thread reads while the others wait for its answer
        if time.monotonic() - _learned.get("at", float("-inf")) >= LEARNED_TTL:
            _learned.update(domains=learned_domains(), at=time.monotonic())
        return _learned["domains"]


def forget_learned_domains() -> None:
    """Read the learned domains again on next use (tests; a process that must see the latest)."""
    with _learned_lock:
        _learned.clear()
