"""What a sanctioned reader is told: which sanctions apply now, why, and until when."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from moderation.models import Sanction

Kind = Sanction.Kind
HEADLINES = {
    Kind.BAN: "You are banned from commenting.",
    Kind.SUSPEND: "You are suspended from commenting.",
    Kind.PREMODERATE: "A moderator reviews your comments before anyone else sees them.",
}


@dataclass(frozen=True)
class ReaderNotice:
    kind: str
    headline: str
    reason: str
    ends_at: datetime | None = None


def notices_for(user: Any) -> list[ReaderNotice]:
    """The reader's sanctions in force, each with the reason from its latest history row.

    One query for a reader without sanctions (the common case), two for one with them.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    standing = get_user_model().objects.filter(pk=user.pk).values(
        "profile__banned", "restriction__suspended_until", "restriction__premoderated"
    ).first() or {}
    until = standing.get("restriction__suspended_until")
    active = [kind for kind, on in (
        (Kind.BAN, standing.get("profile__banned")),
        (Kind.SUSPEND, until is not None and until > timezone.now()),
        (Kind.PREMODERATE, standing.get("restriction__premoderated")),
    ) if on]
    if not active:
        return []
    reasons: dict[str, str] = {}
    history = Sanction.objects.filter(reader_id=user.pk, kind__in=active)
    for kind, reason in history.values_list("kind", "reason"):
        reasons.setdefault(kind, reason)
    return [
        ReaderNotice(kind, HEADLINES[kind], reasons.get(kind, ""), until if kind == Kind.SUSPEND else None)
        for kind in active
    ]
