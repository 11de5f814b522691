"""Who gets an e-mail about a comment: the parent's author about a published reply, the author about a
moderator's rejection. Only readers who opted in, at an address they confirmed; the tasks send them once."""
from __future__ import annotations

from typing import Any

from blog.models import Comment
from moderation.models import AuditEntry
from moderation.outcomes import hides_verdict

Status = Comment.Status


def reply_notice_recipient(comment_id: int) -> tuple[Comment, str] | None:
    """The published reply and the parent author's confirmed address, if they opted in (no self-replies)."""
    reply = Comment.objects.select_related("parent__author__profile", "article", "author").filter(
        pk=comment_id, status=Status.PUBLISHED, parent__isnull=False
    ).first()
    if reply is None or reply.parent.author_id == reply.author_id:
        return None
    address = confirmed_address(reply.parent.author, "email_on_reply")
    return (reply, address) if address else None


def decision_notice_recipient(comment_id: int) -> tuple[Comment, str] | None:
    """A comment a moderator rejected and its author's confirmed address, if they opted in.

    Never for a spam verdict its author must not learn of (`outcomes.hides_verdict`), nor once the
    comment has moved on (an undo, a later approval).
    """
    comment = Comment.objects.select_related("author__profile", "article").filter(
        pk=comment_id, status=Status.REJECTED).first()
    entry = AuditEntry.objects.filter(comment_id=comment_id).first()  # the latest change
    if comment is None or entry is None or entry.actor_id is None or entry.to_status != Status.REJECTED:
        return None
    if hides_verdict(comment.status, entry.reason):
        return None
    address = confirmed_address(comment.author, "email_on_decision")
    return (comment, address) if address else None


def confirmed_address(reader: Any, choice: str) -> str:
    """The reader's address if they chose these e-mails (`choice`) and confirmed the address; else ""."""
    profile = getattr(reader, "profile", None)
    if profile is None or not getattr(profile, choice) or not reader.email:
        return ""
    return reader.email if profile.verified_email == reader.email else ""
