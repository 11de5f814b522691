"""Sanctions on readers: suspend, premoderate, ban, trust and their lifting; each one a history row.

Moderators sanction readers; staff accounts only a superuser may sanction, other moderators only staff.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from blog.models import Comment, ReaderProfile
from moderation import policy
from moderation.models import ModerationSettings, ReaderNote, Restriction, Sanction
from moderation.permissions import is_moderator
from moderation.services.core import CommentRejected

Kind = Sanction.Kind
DURATIONS = {"1h": timedelta(hours=1), "24h": timedelta(hours=24), "7d": timedelta(days=7)}
MAX_SUSPENSION = timedelta(days=366)
# Sanctions the reader is told about, so they need a reason the reader can read.
NEEDS_REASON = (Kind.SUSPEND, Kind.PREMODERATE, Kind.BAN)
PROFILE_FLAGS = {
    Kind.BAN: ("banned", True), Kind.UNBAN: ("banned", False),
    Kind.TRUST: ("trusted", True), Kind.UNTRUST: ("trusted", False),
}
ALREADY = {
    Kind.BAN: "already banned", Kind.UNBAN: "not banned", Kind.TRUST: "already trusted",
    Kind.UNTRUST: "not trusted", Kind.PREMODERATE: "already premoderated",
    Kind.LIFT_PREMODERATION: "not premoderated", Kind.LIFT_SUSPENSION: "not suspended",
}
DECIDED = (Comment.Status.PUBLISHED, Comment.Status.REJECTED, Comment.Status.SPAM)


class SanctionRefused(CommentRejected):
    """The sanction was not given; the message says why and is safe to show the moderator."""


def refusal(actor: Any, reader: Any) -> str | None:
    """Why `actor` may not sanction `reader`, or None when they may."""
    if reader.pk == actor.pk:
        return "You cannot sanction yourself."
    if (reader.is_staff or reader.is_superuser) and not actor.is_superuser:
        return f"{reader.get_username()} is staff; only a superuser can sanction staff accounts."
    if is_moderator(reader) and not actor.is_staff:
        return f"{reader.get_username()} is a moderator; only staff can sanction moderators."
    return None


def sanction(
    reader_id: int, kind: str, actor: Any, reason: str = "", ends_at: datetime | None = None
) -> Sanction:
    """Give or lift one sanction.

    1. Refuse staff and moderators unless the actor outranks them, and oneself.
    2. Check the input: a reason for what the reader is told, a suspension's end within a year.
    3. Change the reader's state with a conditional UPDATE (a sanction already in place is refused,
       except a suspension, whose end moves) and write the history row, in one transaction.
    """
    reader = get_user_model().objects.filter(pk=reader_id).first()
    if reader is None:
        raise SanctionRefused("That reader does not exist.")
    refused = refusal(actor, reader)
    if refused:
        raise SanctionRefused(refused)
    reason = reason.strip()[:300]
    _check_request(kind, reason, ends_at)
    with transaction.atomic():
        if not _apply(reader.pk, kind, ends_at):
            raise SanctionRefused(f"{reader.get_username()} is {ALREADY[kind]}.")
        return Sanction.objects.create(
            reader=reader, actor=actor, kind=kind, reason=reason,
            ends_at=ends_at if kind == Kind.SUSPEND else None,
        )


def suspension_end(duration: str, custom_hours: int | None = None) -> datetime | None:
    """The end of a suspension chosen as 1h / 24h / 7d, or `custom_hours` from now."""
    if duration in DURATIONS:
        return timezone.now() + DURATIONS[duration]
    if duration == "custom" and custom_hours:
        return timezone.now() + timedelta(hours=custom_hours)
    return None


def apply_rejection_rate_rule(author_id: int) -> Sanction | None:
    """Premoderate a reader whose latest decided comments pass the admin's rejection share (audited)."""
    settings = ModerationSettings.load()
    if settings.auto_premoderate_rate <= 0:
        return None
    reader = get_user_model().objects.filter(pk=author_id).first()
    if reader is None or reader.is_staff or is_moderator(reader):
        return None
    statuses = list(
        Comment.objects.filter(author_id=author_id, status__in=DECIDED)
        .order_by("-created_at", "-pk").values_list("status", flat=True)[: settings.auto_premoderate_window]
    )
    rejected = [status != Comment.Status.PUBLISHED for status in statuses]
    rate, window = settings.auto_premoderate_rate, settings.auto_premoderate_window
    if not policy.rejection_rate_exceeded(rejected, rate, window):
        return None
    with transaction.atomic():
        if not _apply(author_id, Kind.PREMODERATE, None):
            return None
        reason = f"{sum(rejected)} of your last {len(rejected)} comments were not published"
        return Sanction.objects.create(reader_id=author_id, actor=None, kind=Kind.PREMODERATE, reason=reason)


def record_ban(reader_id: int, actor: Any, reason: str) -> bool:
    """Ban as part of another action (spam + ban); True when the reader was not banned before."""
    if not _apply(reader_id, Kind.BAN, None):
        return False
    Sanction.objects.create(reader_id=reader_id, actor=actor, kind=Kind.BAN, reason=reason)
    return True


def record_unban(reader_id: int, actor: Any, reason: str) -> None:
    if _apply(reader_id, Kind.UNBAN, None):
        Sanction.objects.create(reader_id=reader_id, actor=actor, kind=Kind.UNBAN, reason=reason)


def _apply(reader_id: int, kind: str, ends_at: datetime | None) -> bool:
    """The state change itself; False when the reader is already in that state."""
    if kind in PROFILE_FLAGS:
        field, value = PROFILE_FLAGS[kind]
        ReaderProfile.objects.get_or_create(user_id=reader_id)
        profile = ReaderProfile.objects.filter(user_id=reader_id, **{field: not value})
        return profile.update(**{field: value}) == 1
    Restriction.objects.get_or_create(reader_id=reader_id)
    rows = Restriction.objects.filter(reader_id=reader_id)
    if kind == Kind.SUSPEND:
        return rows.update(suspended_until=ends_at) == 1
    if kind == Kind.LIFT_SUSPENSION:
        return rows.filter(suspended_until__gt=timezone.now()).update(suspended_until=None) == 1
    premoderate = kind == Kind.PREMODERATE
    return rows.filter(premoderated=not premoderate).update(premoderated=premoderate) == 1


def _check_request(kind: str, reason: str, ends_at: datetime | None) -> None:
    """Step 2: a known sanction, a reason where the reader is told one, a suspension's end in range."""
    if kind not in Kind.values:
        raise SanctionRefused("Choose a sanction.")
    if kind in NEEDS_REASON and not reason:
        raise SanctionRefused("Give a reason: the reader is shown it.")
    if kind == Kind.SUSPEND:
        _check_suspension_end(ends_at)


def _check_suspension_end(ends_at: datetime | None) -> None:
    now = timezone.now()
    if ends_at is None or ends_at <= now:
        raise SanctionRefused("Choose how long the suspension lasts.")
    if ends_at - now > MAX_SUSPENSION:
        raise SanctionRefused("A suspension lasts at most a year; ban the reader instead.")


def add_note(reader_id: int, author: Any, text: str) -> ReaderNote:
    """A private moderator note about a reader; never shown to the reader."""
    text = text.strip()[:1000]
    if not text:
        raise SanctionRefused("The note is empty.")
    if not get_user_model().objects.filter(pk=reader_id).exists():
        raise SanctionRefused("That reader does not exist.")
    return ReaderNote.objects.create(reader_id=reader_id, author=author, text=text)
