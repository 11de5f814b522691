"""Moderators' decisions: approve, reject, spam-and-ban, one at a time or in bulk."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from blog.models import Comment
from config.celery_app import enqueue_after_commit
from moderation.models import AuditEntry, Review, ScoreRecord
from moderation.services import lane, sanctions
from moderation.services.core import AlreadyHandled, CommentRejected, handled_message, transition

Status = Comment.Status
OPEN_STATES = (Status.PENDING, Status.HELD, Status.PUBLISHED)
# In a spam-and-ban entry's details when the author was not banned before, so an undo lifts only this ban.
BANNED_HERE = "banned the author"
DECISION_NOTICE_TASK = "moderation.tasks.send_decision_notice"


def approve(
    comment_id: int, actor: Any, expected: str | None = None, *, site_id: int | None = None,
    collapsed: bool = False,
) -> AuditEntry:
    """Publish a comment and dismiss its open reports; `collapsed` folds it behind "show off-topic".

    `site_id` names the site whose API key made the decision, for the audit log (all three actions).
    A collapsed approval is audited with the off-topic reason, so it never becomes a plain "ham" label.
    """
    reason = AuditEntry.Reason.OFF_TOPIC if collapsed else ""
    return _moderate(
        comment_id, actor, expected, Status.PUBLISHED, AuditEntry.Action.APPROVE, reason, site_id=site_id,
        collapsed=collapsed,
    )


def reject(
    comment_id: int, actor: Any, reason: str, note: str = "", expected: str | None = None,
    *, site_id: int | None = None, explanation: str = "",
) -> AuditEntry:
    """Reject with a reason the author will see (spam / off-topic / abusive / other).

    `note` is internal (moderators only); `explanation` is the moderator's word to the author, shown
    beside the comment.
    """
    if reason not in AuditEntry.Reason.values:
        raise CommentRejected("Choose a reason for the rejection.")
    return _moderate(
        comment_id, actor, expected, Status.REJECTED, AuditEntry.Action.REJECT, reason, note, site_id=site_id,
        explanation=explanation,
    )


def mark_spam_and_ban(
    comment_id: int, actor: Any, note: str = "", expected: str | None = None, *, site_id: int | None = None
) -> AuditEntry:
    """Mark the comment spam and ban its author; the entry remembers whether this ban was new, for undo.

    A staff or moderator author is refused before anything changes (see `sanctions.refusal`).
    """
    author = get_user_model().objects.filter(comments__pk=comment_id).first()
    refused = sanctions.refusal(actor, author) if author is not None and actor is not None else None
    if refused:
        raise CommentRejected(f"{refused} Reject the comment instead.")
    with transaction.atomic():
        entry = _moderate(
            comment_id, actor, expected, Status.SPAM, AuditEntry.Action.SPAM_BAN, "spam", note,
            site_id=site_id,
        )
        if sanctions.record_ban(entry.comment.author_id, actor, f"comment #{comment_id} was spam"):
            entry.details = [BANNED_HERE]
            entry.save(update_fields=["details"])
    return entry


def bulk_moderate(
    seen: Mapping[int, str], action: str, actor: Any, reason: str = "", note: str = "", explanation: str = ""
) -> tuple[list[int], list[str]]:
    """Apply one action to many comments, each only from the status the moderator saw it in.

    `seen` maps each comment id to that status; a comment that changed since is skipped and named
    in the refusals, so a bulk action never overturns someone else's decision.
    """
    done, refused = [], []
    for comment_id, expected in seen.items():
        try:
            if action == "approve":
                approve(comment_id, actor, expected=expected)
            elif action == "reject":
                reject(comment_id, actor, reason or AuditEntry.Reason.OTHER, note, expected=expected,
                       explanation=explanation)
            elif action == "spam":
                mark_spam_and_ban(comment_id, actor, note, expected=expected)
            else:
                raise CommentRejected(f"Unknown action {action!r}.")
            done.append(comment_id)
        except (AlreadyHandled, CommentRejected) as exc:
            refused.append(f"#{comment_id} skipped: {exc}")
    return done, refused


def _moderate(
    comment_id: int, actor: Any, expected: str | None, to_status: str, action: str,
    reason: str = "", note: str = "", site_id: int | None = None, explanation: str = "",
    collapsed: bool = False,
) -> AuditEntry:
    """A person's decision: only from the state they saw, else AlreadyHandled naming who got there first."""
    if expected == Status.REMOVED:
        raise CommentRejected("The author removed that comment; it cannot be moderated.")
    allowed: Sequence[str] = (expected,) if expected else OPEN_STATES
    with transaction.atomic():
        entry = transition(
            comment_id, allowed, to_status, action, collapsed=collapsed, actor=actor, reason=reason,
            note=note.strip()[:500], explanation=explanation.strip()[:500], site_id=site_id,
            needs_label=lane.in_lane(comment_id), **_latest_scores(comment_id),
        )
        if entry is None:
            raise AlreadyHandled(handled_message(comment_id))
        Review.objects.filter(comment_id=comment_id).update(
            open_reports=0, open_report_weight=0, label_wanted="", updated_at=timezone.now()
        )
        if to_status in (Status.REJECTED, Status.SPAM):
            sanctions.apply_rejection_rate_rule(entry.comment.author_id)
        if to_status == Status.REJECTED and entry.actor_id:
            enqueue_after_commit(DECISION_NOTICE_TASK, comment_id)  # the task checks who opted in
    return entry


def _latest_scores(comment_id: int) -> dict[str, Any]:
    record = ScoreRecord.objects.filter(comment_id=comment_id).values(
        "model_version", "spam_score", "drift_score"
    ).first()
    return record or {}
