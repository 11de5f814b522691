"""Turn database rows into the plain inputs the policy and the model take."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from blog.models import Comment, ReaderProfile
from moderation import policy
from moderation.models import ModerationSettings, Restriction


def policy_settings(model_thresholds: Any = None) -> policy.PolicySettings:
    """The admin's settings, with the hold thresholds taken from the model when the admin says so."""
    row = ModerationSettings.load()
    spam_hold, drift_hold = row.spam_hold_threshold, row.drift_hold_threshold
    drift_collapse = row.drift_collapse_threshold
    if row.use_model_thresholds and model_thresholds is not None:
        spam_hold = _threshold(model_thresholds, ("spam",), spam_hold)
        # Off topic by the model's decision is published collapsed; drift alone holds only where the
        # model is confident ("drift_hold"). A model without that band holds from its decision.
        drift_collapse = _threshold(model_thresholds, ("drift", "off_topic"), drift_collapse)
        drift_hold = _threshold(model_thresholds, ("drift_hold", "drift", "off_topic"), drift_hold)
    return policy.PolicySettings(
        spam_hold=spam_hold,
        spam_reject=max(row.spam_reject_threshold, spam_hold),
        drift_hold=drift_hold,
        drift_collapse=min(drift_collapse, drift_hold),
        banned_words=policy.parse_word_list(row.banned_words),
        blocked_words=policy.parse_word_list(row.blocked_words),
        premoderate_first=row.premoderate_first,
        reports_to_hold=row.reports_to_hold,
    )


def standings(author_ids: set[int]) -> dict[int, policy.Standing]:
    """Many authors' standing in three queries, for a batch."""
    profiles = {p.user_id: p for p in ReaderProfile.objects.filter(user_id__in=author_ids)}
    restricted = Restriction.objects.filter(reader_id__in=author_ids, premoderated=True)
    premoderated = set(restricted.values_list("reader_id", flat=True))
    published = dict(
        Comment.objects.filter(author_id__in=author_ids, status=Comment.Status.PUBLISHED)
        .values("author_id").annotate(count=Count("pk")).values_list("author_id", "count")
    )
    return {
        author_id: policy.Standing(
            published_count=published.get(author_id, 0),
            trusted=bool(profiles.get(author_id) and profiles[author_id].trusted),
            banned=bool(profiles.get(author_id) and profiles[author_id].banned),
            premoderated=author_id in premoderated,
        )
        for author_id in author_ids
    }


def reporter(user) -> policy.Reporter:
    """A reporting reader's standing: account age, published comments, trusted, banned or suspended."""
    profile = ReaderProfile.objects.filter(user=user).first()
    published = Comment.objects.filter(author=user, status=Comment.Status.PUBLISHED).count()
    suspended = Restriction.objects.filter(reader=user, suspended_until__gt=timezone.now()).exists()
    return policy.Reporter(
        account_age_days=(timezone.now() - user.date_joined).total_seconds() / 86400,
        published_count=published,
        trusted=bool(profile and profile.trusted),
        banned=not user.is_active or suspended or bool(profile and profile.banned),
    )


def submission(comment: Comment, score: Any, copies_by_others: int = 0) -> policy.Submission:
    return policy.Submission(
        copies_by_other_accounts=copies_by_others,
        body=comment.body,
        spam_score=float(score.spam_score),
        drift_score=float(score.drift_score),
        model_reasons=tuple(score.reasons or ()),
        premoderate_article=comment.article.premoderate_all,
    )


def comment_input(comment: Comment) -> Any:
    """The ml package's view of a comment: its text in the context of its article and reply chain.

    A reply carries its parent, its grandparent and the other published comments of its sub-thread
    (the top-level comment's tree, at most SUBTHREAD_SIZE of the latest), so it is judged against the
    conversation it takes part in as well as the article.
    """
    from ml.types import CommentInput  # imported late: only the worker needs the model stack

    parent = comment.parent if comment.parent_id else None
    grandparent = parent.parent if parent is not None and parent.parent_id else None
    return CommentInput(
        article_title=comment.article.title,
        article_body=comment.article.body,
        body=comment.body,
        parent_body=parent.body if parent else "",
        grandparent_body=grandparent.body if grandparent else "",
        subthread=_subthread(comment, exclude={comment.parent_id, grandparent.pk if grandparent else None}),
    )


SUBTHREAD_SIZE = 12


def _subthread(comment: Comment, exclude: set) -> tuple[str, ...]:
    if not comment.parent_id:
        return ()
    root_id = comment.root_id or comment.parent_id
    bodies = (
        Comment.objects.filter(
            Q(pk=root_id) | Q(root_id=root_id), status=Comment.Status.PUBLISHED, collapsed=False
        )
        .exclude(pk__in={comment.pk, *exclude} - {None})
        .order_by("-created_at", "-pk")
        .values_list("body", flat=True)[:SUBTHREAD_SIZE]
    )
    return tuple(bodies)


# How many of an article's latest published comments make up the discussion a new comment is read in.
DISCUSSION_SIZE = 39


def comment_inputs(comments: list[Comment]) -> list[Any]:
    """Model inputs for a batch, each with the article's latest published comments as its discussion.

    One query per distinct article in the batch; a reply that takes up what other readers said is
    on topic even when it shares few words with the article. Only comments readers see in full count
    (published, not collapsed as off-topic), and a near-copy of the comment is no evidence for it
    (ml.discussion.discussion_text leaves copies out).
    """
    from ml.discussion import discussion_text

    batch_ids = {comment.pk for comment in comments}
    neighbours = {
        article_id: list(
            Comment.objects.filter(article_id=article_id, status=Comment.Status.PUBLISHED, collapsed=False)
            .exclude(pk__in=batch_ids)
            .order_by("-created_at", "-pk")
            .values_list("body", flat=True)[:DISCUSSION_SIZE]
        )
        for article_id in {comment.article_id for comment in comments}
    }
    return [
        replace(comment_input(c), discussion=discussion_text(c.body, neighbours[c.article_id]))
        for c in comments
    ]


# Near-identical text from several accounts within this window is a spam wave or a brigade.
REPEAT_WINDOW = timedelta(hours=24)
REPEAT_LOOKBACK = 500  # the most recent comments of the window compared, so the check stays bounded


def copies_by_other_accounts(comments: list[Comment]) -> dict[int, int]:
    """For each comment, how many other accounts posted a near-copy of it within REPEAT_WINDOW before it.

    One query for the batch: the latest REPEAT_LOOKBACK comments of the window, whatever their status
    (a rejected copy is still a copy), compared by ml.discussion.near_copy.
    """
    from ml.discussion import near_copy

    if not comments:
        return {}
    newest = max(c.created_at for c in comments)
    oldest = min(c.created_at for c in comments) - REPEAT_WINDOW
    recent = list(
        Comment.objects.filter(created_at__gte=oldest, created_at__lte=newest)
        .exclude(status=Comment.Status.REMOVED)
        .order_by("-created_at", "-pk")
        .values_list("pk", "author_id", "created_at", "body")[:REPEAT_LOOKBACK]
    )
    return {c.pk: len(_copying_authors(c, recent, near_copy)) for c in comments}


def _copying_authors(comment: Comment, recent: list[tuple], near_copy) -> set[int]:
    since = comment.created_at - REPEAT_WINDOW
    return {
        author for pk, author, created, body in recent
        if author != comment.author_id and pk != comment.pk and since <= created <= comment.created_at
        and near_copy(comment.body, body)
    }


def _threshold(thresholds: Any, names: tuple[str, ...], default: float) -> float:
    for name in names:
        value = thresholds.get(name) if isinstance(thresholds, Mapping) else getattr(thresholds, name, None)
        if isinstance(value, int | float):
            return float(value)
    return default
