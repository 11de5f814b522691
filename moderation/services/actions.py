"""Moderators' decisions: approve, reject, spam-and-ban, one at a time or in bulk."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from blog.models import Comment, ReaderProfile
from moderation.models import AuditEntry, Review, ScoreRecord
from moderation.services.core import AlreadyHandled, CommentRejected, handled_message, transition

Status = Comment.Status
OPEN_STATES = (Status.PENDING, Status.HELD, Status.PUBLISHED)


def approve(
    comment_id: int, actor: Any, expected: str | None = None, *, site_id: int | None = None
) -> AuditEntry:
    """Publish a comment (uncollapsed) and dismiss its open reports.

    `site_id` names the site whose API key made the decision, for the audit log (all three actions).
    """
    return _moderate(
        comment_id, actor, expected, Status.PUBLISHED, AuditEntry.Action.APPROVE, site_id=site_id
    )


def reject(
    comment_id: int, actor: Any, reason: str, note: str = "", expected: str | None = None,
    *, site_id: int | None = None,
) -> AuditEntry:
    """Reject with a reason the author will see (spam / off-topic / abusive / other)."""
    if reason not in AuditEntry.Reason.values:
        raise CommentRejected("Choose a reason for the rejection.")
    return _moderate(
        comment_id, actor, expected, Status.REJECTED, AuditEntry.Action.REJECT, reason, note, site_id=site_id
    )


def mark_spam_and_ban(
    comment_id: int, actor: Any, note: str = "", expected: str | None = None, *, site_id: int | None = None
) -> AuditEntry:
    """Mark the comment spam and ban its author from commenting again."""
    with transaction.atomic():
        entry = _moderate(
            comment_id, actor, expected, Status.SPAM, AuditEntry.Action.SPAM_BAN, "spam", note,
            site_id=site_id,
        )
        author_id = entry.comment.author_id
        ReaderProfile.objects.get_or_create(user_id=author_id)
        ReaderProfile.objects.filter(user_id=author_id).update(banned=True)
    return entry


def bulk_moderate(
    comment_ids: Iterable[int], action: str, actor: Any, reason: str = "", note: str = ""
) -> tuple[list[int], list[str]]:
    """Apply one action to many comments, each on its own; the ids done and the refusals."""
    done, refused = [], []
    for comment_id in dict.fromkeys(comment_ids):
        try:
            if action == "approve":
                approve(comment_id, actor)
            elif action == "reject":
                reject(comment_id, actor, reason or AuditEntry.Reason.OTHER, note)
            elif action == "spam":
                mark_spam_and_ban(comment_id, actor, note)
            else:
                raise CommentRejected(f"Unknown action {action!r}.")
            done.append(comment_id)
        except (AlreadyHandled, CommentRejected) as exc:
            refused.append(f"#{comment_id}: {exc}")
    return done, refused


def _moderate(
    comment_id: int, actor: Any, expected: str | None, to_status: str, action: str,
    reason: str = "", note: str = "", site_id: int | None = None,
) -> AuditEntry:
    """A person's decision: only from the state they saw, else AlreadyHandled naming who got there first."""
    allowed: Sequence[str] = (expected,) if expected else OPEN_STATES
    with transaction.atomic():
        entry = transition(
            comment_id, allowed, to_status, action, actor=actor, reason=reason, note=note.strip()[:500],
            site_id=site_id, **_latest_scores(comment_id),
        )
        if entry is None:
            raise AlreadyHandled(handled_message(comment_id))
        Review.objects.filter(comment_id=comment_id).update(open_reports=0, updated_at=timezone.now())
    return entry


def _latest_scores(comment_id: int) -> dict[str, Any]:
    record = ScoreRecord.objects.filter(comment_id=comment_id).values(
        "model_version", "spam_score", "drift_score"
    ).first()
    return record or {}
