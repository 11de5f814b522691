"""Authors' own changes: editing a comment within the window (scored again) and taking it back."""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from blog.models import Comment, CommentRevision
from moderation.models import AuditEntry, ReplyNotice
from moderation.outcomes import hides_verdict
from moderation.services.core import CommentRejected, transition
from moderation.services.submission import enqueue_scoring

Status = Comment.Status
# Statuses an edit sends back to the worker; a hidden spam verdict keeps its status (see `edit_comment`).
RESCORED = (Status.PUBLISHED, Status.PENDING, Status.HELD)


def edit_comment(comment_id: int, author: Any, body: str) -> Comment:
    """Replace the text of the author's own comment and have it scored again.

    1. Lock the comment; refuse anyone but its author, an empty or long text, and an edit after the window.
    2. Keep the old text as a revision (moderators see every version) and save the new one.
    3. A comment that was out or waiting goes back to pending, audited, and the worker scores it after
       commit: the new text can be held like any other. A spam verdict its author is not told of keeps
       its status, so the edit neither escapes it nor reveals it.
    """
    body = _checked_body(body)
    with transaction.atomic():
        comment = _own_comment(comment_id, author)
        if not comment.editable:
            minutes = settings.PITLANE_EDIT_WINDOW_MINUTES
            raise CommentRejected(f"This comment can no longer be edited: edits are open for {minutes} "
                                  "minutes after posting.")
        if body == comment.body:
            return comment
        _replace_text(comment, body)
        _back_to_pending(comment)
    comment.refresh_from_db()
    return comment


def _checked_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise CommentRejected("Your comment is empty.")
    if len(body) > Comment.MAX_BODY:
        raise CommentRejected(f"Comments are limited to {Comment.MAX_BODY:,} characters.")
    return body


def _replace_text(comment: Comment, body: str) -> None:
    """Step 2: the old text becomes a revision, the new one the comment's."""
    now = timezone.now()
    CommentRevision.objects.create(
        comment=comment, body=comment.body, written_at=comment.edited_at or comment.created_at,
        replaced_at=now,
    )
    Comment.objects.filter(pk=comment.pk).update(body=body, edited_at=now)


def delete_own_comment(comment_id: int, author: Any) -> None:
    """Take back the author's own comment: its text and earlier versions go, a placeholder stays.

    Replies under it stay readable under "deleted by its author"; the audit keeps that it happened.
    """
    with transaction.atomic():
        comment = _own_comment(comment_id, author)
        if comment.status in (Status.DELETED, Status.REMOVED):
            return
        entry = transition(
            comment.pk, (comment.status,), Status.DELETED, AuditEntry.Action.AUTHOR_DELETED, actor=author,
            details=["deleted by its author"],
        )
        if entry is None:
            raise CommentRejected("The comment changed meanwhile; reload the page and try again.")
        Comment.objects.filter(pk=comment.pk).update(body="", edited_at=None)
        CommentRevision.objects.filter(comment_id=comment.pk).delete()


def take_back_all(author: Any, *, keep_published: bool) -> int:
    """An account is being deleted: take back its comments and forget where its reply e-mails went.

    Every comment (or, with `keep_published`, every one readers cannot see yet or any more) becomes a
    "deleted by its author" placeholder, audited like a single deletion; published comments kept stay
    as they are. The addresses reply notices went to are cleared. How many comments were taken back.
    """
    own = Comment.objects.filter(author_id=author.pk).exclude(status__in=(Status.DELETED, Status.REMOVED))
    if keep_published:
        own = own.exclude(status=Status.PUBLISHED)
    taken = 0
    for comment_id in own.values_list("pk", flat=True):
        delete_own_comment(comment_id, author)
        taken += 1
    ReplyNotice.objects.filter(comment__parent__author_id=author.pk).update(recipient="")
    return taken


def _own_comment(comment_id: int, author: Any) -> Comment:
    comment = Comment.objects.select_for_update().filter(pk=comment_id, author_id=author.pk).first()
    if comment is None:
        raise CommentRejected("You can only change your own comments.")
    return comment


def _back_to_pending(comment: Comment) -> None:
    reason = comment.audit_entries.filter(to_status=comment.status).values_list("reason", flat=True).first()
    if comment.status not in RESCORED or hides_verdict(comment.status, reason or ""):
        _audit_edit(comment, comment.status)
        return
    if comment.status == Status.PENDING:
        _audit_edit(comment, Status.PENDING)
    elif transition(comment.pk, (comment.status,), Status.PENDING, AuditEntry.Action.EDITED,
                    actor=comment.author, details=["edited by its author; scored again"]) is None:
        raise CommentRejected("The comment changed meanwhile; reload the page and try again.")
    enqueue_scoring(comment.pk, fresh=True)


def _audit_edit(comment: Comment, status: str) -> None:
    AuditEntry.objects.create(
        comment=comment, actor=comment.author, action=AuditEntry.Action.EDITED, from_status=status,
        to_status=status, details=["edited by its author"],
    )
