"""The one conditional UPDATE every status change goes through, and the errors it raises.

A change happens only from a status the caller allows, changes exactly one row, and writes an audit row in
the same transaction; whoever loses a race gets nothing changed.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from blog.models import Comment
from config.celery_app import enqueue_after_commit
from moderation import signals
from moderation.models import AuditEntry, Review

log = logging.getLogger(__name__)

Status = Comment.Status
REPLY_NOTICE_TASK = "moderation.tasks.send_reply_notification"


class CommentRejected(Exception):
    """A comment that cannot be accepted; the message is safe to show the reader."""


class AlreadyHandled(Exception):
    """Someone else changed the comment first; the message names them."""


def transition(
    comment_id: int, allowed: Sequence[str], to_status: str, action: str, *, collapsed: bool = False,
    actor: Any = None, **audit: Any,
) -> AuditEntry | None:
    """The conditional UPDATE every change goes through; the audit row when it changed exactly one row."""
    row = Comment.objects.filter(pk=comment_id, status__in=allowed).values(
        "status", "parent_id", "collapsed"
    ).first()
    if row is None:
        return None
    if row["status"] == to_status:
        # Same status: a moderator folds or unfolds a published comment, dismisses its reports, or
        # labels it from the "Needs a label" lane.
        refold = action == AuditEntry.Action.APPROVE and row["collapsed"] != collapsed
        if not (refold or _claim_open_reports(comment_id, action) or _claim_label(comment_id, action)):
            return None
        changed = Comment.objects.filter(pk=comment_id, status=to_status, collapsed=row["collapsed"]).update(
            collapsed=collapsed
        )
    else:
        changed = Comment.objects.filter(pk=comment_id, status=row["status"]).update(
            status=to_status, collapsed=collapsed, status_changed_at=timezone.now()
        )
    if changed != 1:
        return None
    if to_status == Status.PUBLISHED and row["parent_id"] and row["status"] != to_status:
        enqueue_after_commit(REPLY_NOTICE_TASK, comment_id)
    entry = AuditEntry.objects.create(
        comment_id=comment_id, actor=actor if actor is not None and actor.pk else None, action=action,
        from_status=row["status"], to_status=to_status, **audit,
    )
    announce([entry])
    return entry


@dataclass(frozen=True)
class Decision:
    """The model's decision for one pending comment, waiting to be written."""

    comment_id: int
    parent_id: int | None
    to_status: str
    collapsed: bool = False
    codes: tuple[str, ...] = ()
    audit: dict[str, Any] = field(default_factory=dict)
    label_wanted: str = ""  # why a moderator's label would teach the model most ("" when it would not)


def transition_pending(decisions: Sequence[Decision], action: str) -> list[AuditEntry]:
    """Many pending comments decided at once: one conditional UPDATE per outcome, audit rows in bulk.

    The caller holds the comments locked in its transaction, so every UPDATE must change all its rows;
    anything else means the lock failed and the whole batch rolls back.
    """
    now = timezone.now()
    groups: dict[tuple[str, bool], list[int]] = defaultdict(list)
    for decision in decisions:
        groups[(decision.to_status, decision.collapsed)].append(decision.comment_id)
    for (to_status, collapsed), ids in groups.items():
        changed = Comment.objects.filter(pk__in=ids, status=Status.PENDING).update(
            status=to_status, collapsed=collapsed, status_changed_at=now
        )
        if changed != len(ids):
            raise RuntimeError(f"{len(ids) - changed} comments changed under a batch lock; rolled back")
    replies = [d.comment_id for d in decisions if d.parent_id and d.to_status == Status.PUBLISHED]
    for comment_id in replies:
        enqueue_after_commit(REPLY_NOTICE_TASK, comment_id)
    entries = AuditEntry.objects.bulk_create([
        AuditEntry(comment_id=d.comment_id, action=action, from_status=Status.PENDING, to_status=d.to_status,
                   created_at=now, **d.audit)
        for d in decisions
    ])
    announce(entries)
    return entries


def announce(entries: list[AuditEntry]) -> None:
    """Tell other apps (webhooks) about the changes; a failing receiver never undoes one."""
    for receiver, result in signals.status_changed.send_robust(sender=AuditEntry, entries=entries):
        if isinstance(result, Exception):
            log.error("status_changed receiver %s failed", receiver, exc_info=result)


def _claim_open_reports(comment_id: int, action: str) -> bool:
    """Approving a published comment only dismisses its reports, and only one moderator can do that."""
    if action != AuditEntry.Action.APPROVE:
        return False
    claimed = Review.objects.filter(comment_id=comment_id, open_reports__gt=0)
    return claimed.update(open_reports=0, open_report_weight=0) == 1


def _claim_label(comment_id: int, action: str) -> bool:
    """Approving a published comment from the "Needs a label" lane labels it ham, once."""
    if action != AuditEntry.Action.APPROVE:
        return False
    return Review.objects.filter(comment_id=comment_id).exclude(label_wanted="").update(label_wanted="") == 1


def handled_message(comment_id: int) -> str:
    last = AuditEntry.objects.filter(comment_id=comment_id).select_related("actor").first()
    status = Comment.objects.filter(pk=comment_id).values_list("status", flat=True).first()
    if status is None:
        return "That comment no longer exists."
    who = last.actor.get_username() if last and last.actor else "the model"
    label = Status(status).label.lower()
    return f"Already handled by {who}: the comment is now {label}."


def save_review(comment_id: int, codes: Sequence[str], reasons: list[str], **scores: Any) -> None:
    Review.objects.update_or_create(
        comment_id=comment_id,
        defaults={
            "reason_codes": wrap_codes(codes), "reasons": reasons, "updated_at": timezone.now(), **scores
        },
    )


def wrap_codes(codes: Sequence[str]) -> str:
    return f",{','.join(codes)}," if codes else ""

