"""Moderators' decisions as training data for the next model, in the JSONL that `python -m ml train` reads."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from moderation.models import AuditEntry

# Only decisions that say something about spam or topic drift become labels; "abusive" and "other"
# rejections are about manners, which the model does not score.
LABELS = {
    (AuditEntry.Action.APPROVE, ""): "ham",
    (AuditEntry.Action.REJECT, AuditEntry.Reason.SPAM): "spam",
    (AuditEntry.Action.REJECT, AuditEntry.Reason.OFF_TOPIC): "off_topic",
    (AuditEntry.Action.SPAM_BAN, AuditEntry.Reason.SPAM): "spam",
}


def training_rows() -> Iterator[dict[str, Any]]:
    """One row per comment a person decided, labelled by the latest human decision."""
    entries = (
        AuditEntry.objects.filter(actor__isnull=False)
        .select_related("comment__article", "comment__parent")
        .order_by("comment_id", "-created_at", "-id")
    )
    seen: set[int] = set()
    for entry in entries.iterator(chunk_size=500):
        if entry.comment_id in seen:
            continue
        seen.add(entry.comment_id)
        label = LABELS.get((entry.action, entry.reason))
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
    return row
