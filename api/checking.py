"""Comments that arrive from other sites: find their article, record them, score them at once, label them.

Each is a normal Pitlane comment (queued, audited, a training label when a person decides it); only the
author account and the article stand for things that live on the other site.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from api import articles, identities
from api.metrics import SCORING_SECONDS
from blog.models import Article, Comment, Site
from moderation import services, worker
from moderation.models import codes_of

Status = Comment.Status
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Incoming:
    """A comment as another site describes it."""

    body: str
    permalink: str = ""
    author_name: str = ""
    author_email: str = ""
    author_id: str = ""
    ip_address: str | None = None
    parent_id: int | None = None


@dataclass(frozen=True)
class Checked:
    """Pitlane's verdict on one comment, right after scoring."""

    comment_id: int
    status: str
    codes: tuple[str, ...]
    spam_score: float | None
    near_certain_spam: bool

    @property
    def published(self) -> bool:
        return self.status == Status.PUBLISHED


def check(site: Site, incoming: Incoming) -> Checked:
    """Record the comment and decide it now with the live model; drift only when the article is known.

    1. Save the comment as pending (committed: from here on it cannot be lost).
    2. Decide it as the worker would (worker.score_now), in this process.
    3. Read the decision back. If scoring failed, the comment waits for the worker (still pending).

    Raises CommentRejected for a comment Pitlane cannot take (empty, too long, closed article).
    """
    comment = _record(site, incoming, enqueue=False)
    try:
        with SCORING_SECONDS.time():
            worker.score_now(comment.pk)
    except Exception:  # a broken model must not lose the comment: the worker retries, else holds it
        log.exception("could not score comment %s at once; queued for the worker", comment.pk)
        services.enqueue_scoring(comment.pk)
    return verdict(comment.pk)


def submit(site: Site, incoming: Incoming, article: Article) -> Comment:
    """Record the comment for the worker to score, as a reader's comment on Pitlane is."""
    return _record(site, incoming, enqueue=True, article=article)


def verdict(comment_id: int) -> Checked:
    """The comment's status and its review's reasons and spam score, in one query."""
    row = Comment.objects.filter(pk=comment_id).values(
        "status", "review__reason_codes", "review__spam_score"
    ).get()
    codes = tuple(codes_of(row["review__reason_codes"]))
    return Checked(
        comment_id=comment_id, status=row["status"], codes=codes, spam_score=row["review__spam_score"],
        near_certain_spam=row["status"] == Status.SPAM,
    )


def label(site: Site, incoming: Incoming, spam: bool, moderator_name: str) -> int:
    """A site's moderator says the comment is spam (or is not): a human decision, so a training label.

    The comment is the one checked earlier (same article, author and text), else it is recorded now.
    """
    comment = _earlier(site, incoming) or _record(site, incoming, enqueue=True)
    actor = identities.moderator(site, moderator_name)
    status = Comment.objects.filter(pk=comment.pk).values_list("status", flat=True).get()
    try:
        if spam and status not in (Status.SPAM, Status.REJECTED):
            services.reject(comment.pk, actor, "spam", expected=status, site_id=site.pk)
        elif not spam and status != Status.PUBLISHED:
            services.approve(comment.pk, actor, expected=status, site_id=site.pk)
    except services.AlreadyHandled:
        pass  # decided by someone else in the meantime: their decision stands
    return comment.pk


def article_for(site: Site, permalink: str) -> Article:
    """The site's article at this URL; an unknown URL gets an article without text (spam scoring only)."""
    url = permalink.strip()[:500] or site.url
    found = Article.objects.filter(site=site, url=url).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Article.objects.create(
                site=site, url=url, title=url[:200], slug=articles.slug_for(site, url),
                standfirst="", body="", byline=site.name[:120],
            )
    except IntegrityError:  # registered by a concurrent call
        return Article.objects.get(site=site, url=url)


def _record(site: Site, incoming: Incoming, enqueue: bool, article: Article | None = None) -> Comment:
    article = article or article_for(site, incoming.permalink)
    author_id = identities.commenter(
        site, incoming.author_name, incoming.author_email, incoming.ip_address or "", incoming.author_id
    )
    comment = services.submit_comment(services.NewComment(
        article_id=article.pk, author_id=author_id, body=incoming.body, parent_id=incoming.parent_id,
        ip_address=incoming.ip_address, enqueue=enqueue,
    ))
    comment.article = article
    return comment


def _earlier(site: Site, incoming: Incoming) -> Comment | None:
    author_id = identities.commenter(
        site, incoming.author_name, incoming.author_email, incoming.ip_address or "", incoming.author_id
    )
    url = incoming.permalink.strip()[:500] or site.url
    return (
        Comment.objects.filter(
            article__site=site, article__url=url, author_id=author_id, body=incoming.body.strip()
        ).order_by("-created_at", "-pk").first()
    )
