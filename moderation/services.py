"""The only writer of a comment's status.

Views, admin, tasks and commands call these functions with ids and the acting user; nothing else
updates `Comment.status`.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from blog.models import Article, Comment, Report


class CommentRejected(Exception):
    """A comment that cannot be accepted; the message is safe to show the reader."""


@dataclass(frozen=True)
class NewComment:
    article_id: int
    author_id: int
    body: str
    parent_id: int | None = None
    ip_address: str | None = None


def submit_comment(new: NewComment) -> Comment:
    """Save a reader's comment as pending; nothing is half-saved.

    1. Check the article accepts comments and the parent belongs to it and is visible to the author.
    2. Insert the comment as `pending` in one transaction.
    3. After commit, hand it to the scoring flow (or publish at once while
       PITLANE_PUBLISH_IMMEDIATELY is set).
    """
    body = new.body.strip()
    if not body:
        raise CommentRejected("Your comment is empty.")
    if len(body) > Comment.MAX_BODY:
        raise CommentRejected(f"Comments are limited to {Comment.MAX_BODY:,} characters.")
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(pk=new.article_id).first()
        if article is None:
            raise CommentRejected("That article does not exist.")
        if not article.comments_open:
            raise CommentRejected("Comments are closed on this article.")
        parent = _visible_parent(new, article)
        comment = Comment.objects.create(
            article=article,
            author_id=new.author_id,
            body=body,
            parent=parent,
            root_id=parent.root_id if parent else None,
            depth=parent.depth + 1 if parent else 0,
            ip_address=new.ip_address,
        )
        if parent is None:
            Comment.objects.filter(pk=comment.pk).update(root=comment)
            comment.root = comment
        transaction.on_commit(lambda: _after_submit(comment.pk))
    return comment


def _visible_parent(new: NewComment, article: Article) -> Comment | None:
    if new.parent_id is None:
        return None
    parent = Comment.objects.filter(pk=new.parent_id).first()
    if parent is None:
        raise CommentRejected("The comment you are replying to does not exist.")
    if parent.article_id != article.pk:
        raise CommentRejected("The comment you are replying to belongs to another article.")
    visible = parent.status == Comment.Status.PUBLISHED or (
        parent.author_id == new.author_id and parent.status != Comment.Status.REMOVED
    )
    if not visible:
        raise CommentRejected("The comment you are replying to is not visible.")
    return parent


def _after_submit(comment_id: int) -> None:
    if settings.PITLANE_PUBLISH_IMMEDIATELY:
        publish(comment_id)


def publish(comment_id: int) -> bool:
    """Move a pending comment to published; True when this call made the change."""
    changed = Comment.objects.filter(pk=comment_id, status=Comment.Status.PENDING).update(
        status=Comment.Status.PUBLISHED, status_changed_at=timezone.now()
    )
    return changed == 1


class AlreadyReported(Exception):
    """The reader has already reported this comment."""


def report_comment(comment_id: int, reporter_id: int, reason: str, note: str = "") -> Report:
    """Record one reader's report of a comment they can see; a second report by the same reader is refused."""
    if reason not in Report.Reason.values:
        raise CommentRejected("Choose a reason for the report.")
    comment = Comment.objects.filter(pk=comment_id, status=Comment.Status.PUBLISHED).first()
    if comment is None:
        raise CommentRejected("That comment cannot be reported.")
    try:
        with transaction.atomic():
            report = Report.objects.create(
                comment=comment, reporter_id=reporter_id, reason=reason, note=note.strip()[:500]
            )
    except IntegrityError as exc:
        raise AlreadyReported("You have already reported this comment.") from exc
    return report
