"""Readers' side: posting a comment, handing it to the worker, reporting one."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from blog.models import Article, Comment
from config.celery_app import enqueue_after_commit
from moderation.models import AuditEntry, Restriction
from moderation.services.core import CommentRejected, transition

log = logging.getLogger(__name__)
Status = Comment.Status
SCORE_TASK = "moderation.tasks.score_comment"
# One answer for every reply target a reader may not use (missing, hidden, on another article), so the
# error never tells whether a hidden comment exists.
REPLY_REFUSED = "You cannot reply to that comment."
KEY_REUSED = (
    "This form was already used to post a different comment, so this one was not saved. "
    "Your text is below: post it again from the article page."
)


@dataclass(frozen=True)
class NewComment:
    article_id: int
    author_id: int
    body: str
    parent_id: int | None = None
    ip_address: str | None = None
    submission_key: str = ""
    # The author posted after the off-topic warning (moderation.precheck); moderators see it.
    warned_off_topic: bool = False
    # False when the caller scores the comment itself at once (worker.score_now): nothing to enqueue.
    enqueue: bool = True


def submit_comment(new: NewComment) -> Comment:
    """Save a reader's comment as pending; nothing is half-saved, and a form sent twice saves once.

    1. A comment already saved from the same form (same author and submission key) is returned as is.
    2. Refuse a suspended reader, saying until when.
    3. Check the article accepts comments and the parent belongs to it and is visible to the author.
    4. Insert the comment as `pending` in one transaction.
    5. After commit, enqueue scoring (or publish at once while PITLANE_PUBLISH_IMMEDIATELY is set).
    """
    body = new.body.strip()
    if not body:
        raise CommentRejected("Your comment is empty.")
    if len(body) > Comment.MAX_BODY:
        raise CommentRejected(f"Comments are limited to {Comment.MAX_BODY:,} characters.")
    earlier = _already_submitted(new, body)
    if earlier is not None:
        return earlier
    _refuse_suspended(new.author_id)
    try:
        return _insert(new, body)
    except IntegrityError:
        earlier = _already_submitted(new, body)
        if earlier is None:  # not a second copy of the same form: a real integrity problem
            raise
        return earlier


def _refuse_suspended(author_id: int) -> None:
    restriction = Restriction.objects.filter(reader_id=author_id).first()
    if restriction is not None and restriction.is_suspended:
        until = timezone.localtime(restriction.suspended_until).strftime("%-d %b %Y, %H:%M")
        raise CommentRejected(f"You are suspended from commenting until {until}.")


def _already_submitted(new: NewComment, body: str) -> Comment | None:
    """The comment this same form already saved; a key reused for a different comment is refused."""
    if not new.submission_key:
        return None
    copies = Comment.objects.filter(author_id=new.author_id, submission_key=new.submission_key)
    earlier = copies.select_related("article").first()
    if earlier is None:
        return None
    same = (earlier.article_id, earlier.parent_id, earlier.body) == (new.article_id, new.parent_id, body)
    if not same:
        raise CommentRejected(KEY_REUSED)
    return earlier


def _insert(new: NewComment, body: str) -> Comment:
    with transaction.atomic():
        # No row lock: posts to one article must not queue behind each other, and closing comments
        # a moment after a post was accepted is harmless.
        article = Article.objects.filter(pk=new.article_id).first()
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
            submission_key=new.submission_key,
            warned_off_topic=new.warned_off_topic,
        )
        if parent is None:
            Comment.objects.filter(pk=comment.pk).update(root=comment)
            comment.root = comment
        if new.enqueue:
            _after_submit(comment.pk)
    return comment


def _visible_parent(new: NewComment, article: Article) -> Comment | None:
    if new.parent_id is None:
        return None
    parent = Comment.objects.filter(pk=new.parent_id, article_id=article.pk).first()
    own = parent is not None and parent.author_id == new.author_id and parent.status not in (
        Status.REMOVED, Status.DELETED
    )
    visible = own or (parent is not None and parent.status == Status.PUBLISHED)
    if not visible:
        raise CommentRejected(REPLY_REFUSED)
    return parent


def _after_submit(comment_id: int) -> None:
    if settings.PITLANE_PUBLISH_IMMEDIATELY:
        transaction.on_commit(lambda: publish(comment_id))
    else:
        enqueue_scoring(comment_id)


def enqueue_scoring(comment_id: int, fresh: bool = False) -> None:
    """Hand a comment to the worker after commit; with the broker down it stays pending for the sweeper.

    `fresh`: the comment may have been decided before (an author's edit), so the worker must look again
    instead of trusting its memory of what it decided.
    """
    enqueue_after_commit(SCORE_TASK, comment_id, *((True,) if fresh else ()))


def stale_pending_ids(older_than: timedelta = timedelta(minutes=1), limit: int = 500) -> list[int]:
    """Pending comments nobody has scored for a while: the broker lost them or was down."""
    cutoff = timezone.now() - older_than
    stale = Comment.objects.filter(status=Status.PENDING, status_changed_at__lt=cutoff)
    return list(stale.order_by("status_changed_at").values_list("pk", flat=True)[:limit])


def publish(comment_id: int) -> bool:
    """Move a pending comment to published without scoring; True when this call made the change."""
    with transaction.atomic():
        entry = transition(
            comment_id, (Status.PENDING,), Status.PUBLISHED, AuditEntry.Action.APPROVE,
            details=["published unscored (PITLANE_PUBLISH_IMMEDIATELY)"],
        )
    return entry is not None
