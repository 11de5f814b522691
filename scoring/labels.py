"""Moderators' decisions as training labels: the one mapping, and the JSONL that `python -m ml train` reads.

A moderator's audit entry is the label: approve = ham (approve as collapsed: none); reject for spam or
off-topic = that label; spam-and-ban = spam. Rejections for abuse or "other" are about manners, which
the model does not score, so they imply no label. A decision made from the queue's "Needs a label" lane
is marked so (`needs_label` in the JSONL, the example's kind in a retrain).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from moderation.models import DECISIONS, AuditEntry

Action = AuditEntry.Action


def decision_label(action: str, reason: str) -> str | None:
    """The training label a moderator's decision implies, or None when it implies none."""
    if action == Action.APPROVE:
        # Approved as collapsed (reason off-topic): mildly off-topic, neither clean ham nor a rejection.
        return None if reason == AuditEntry.Reason.OFF_TOPIC else "ham"
    if action == Action.SPAM_BAN:
        return "spam"
    if action == Action.REJECT and reason in (AuditEntry.Reason.SPAM, AuditEntry.Reason.OFF_TOPIC):
        return reason
    return None


def latest_decisions() -> QuerySet[AuditEntry]:
    """People's decisions not undone since, each comment's latest first, with what a training row needs."""
    return (AuditEntry.objects.filter(actor__isnull=False, action__in=DECISIONS, undone_by__isnull=True)
            .select_related("comment__article", "comment__parent")
            .order_by("comment_id", "-created_at", "-id"))


def training_rows() -> Iterator[dict[str, Any]]:
    """One row per comment a person decided, labelled by the latest human decision."""
    seen: set[int] = set()
    for entry in latest_decisions().iterator(chunk_size=500):
        if entry.comment_id in seen:
            continue
        seen.add(entry.comment_id)
        label = decision_label(entry.action, entry.reason)
        if label:
            yield _row(entry, label)


def _row(entry: AuditEntry, label: str) -> dict[str, Any]:
    comment = entry.comment
    row = {
        "id": f"pitlane-{comment.pk}",
        "thread_id": comment.article.slug,  # keeps an article's comments in one cross-validation fold
        "article_title": comment.article.title,
        "article_body": comment.article.body,
        "body": comment.body,
        "label": label,
    }
    if comment.parent_id:
        row["parent_body"] = comment.parent.body
    if entry.needs_label:
        row["needs_label"] = True
    return row
