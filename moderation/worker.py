"""What a scoring task does: load pending comments, ask the active model, hand each score to services.

Under load the queue holds many pending comments and the model scores a batch far faster per comment
than one at a time, so a task scores its own comment together with other waiting ones. Their own tasks
then find them decided and return at once; `services.apply_scores` makes every decision exactly once.
"""
from __future__ import annotations

import logging
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils.module_loading import import_string

from blog.models import Article, Comment
from moderation import inputs, services
from moderation.services.domains import site_domains

log = logging.getLogger(__name__)
_PENDING_SQL = f"SELECT 1 FROM {Comment._meta.db_table} WHERE id = %s AND status = %s"


def active_model() -> Any:
    """The model the admin promoted; the loader caches it per process and notices a new promotion."""
    return import_string(settings.PITLANE_SCORER)()


def ready_model() -> Any | None:
    """The promoted model if there is one to load, else None: outside the worker nothing is trained."""
    return import_string(settings.PITLANE_SCORER)(bootstrap=False)


def score_pending(comment_id: int, fresh: bool = False) -> str | None:
    """Score one comment if it still waits, with others waiting; its new status, or None if nothing to do.

    1. Return at once when the comment is no longer pending: under load most deliveries find their
       comment decided by an earlier batch. This process remembers what it decided itself, so those
       need no query at all; the others cost one query, as cheap as a query can be.
    2. Claim it and up to PITLANE_SCORE_BATCH - 1 other pending comments, score them together and apply
       the policy. On PostgreSQL the claim is a row lock held until the decisions commit, so two worker
       processes never spend the model's time on the same comment.
    """
    if fresh:  # edited since this process decided it: pending again
        _decided_here.pop(comment_id, None)
    if comment_id in _decided_here or not _still_pending(comment_id):
        return None  # deleted, or decided by an earlier delivery, another batch or a moderator
    with _claim_transaction():
        batch = _claim_batch(comment_id)
        if not batch:  # another worker's batch holds it and will decide it
            return None
        model = active_model()
        batch, scores = _score(model, batch)
        scored = [(comment.pk, score) for comment, score in zip(batch, scores, strict=True)]
        decided = services.apply_scores(scored, model.version, getattr(model, "thresholds", None))
    _remember_decided(decided)  # committed by now
    return decided.get(comment_id)


def score_now(comment_id: int, *, drift: bool = True) -> str | None:
    """Score one pending comment in the calling process and apply the policy; its new status, or None.

    For callers that must answer at once (Akismet's comment-check, Coral's phase): no batch, no queue.
    Without `drift` (the article's text is unknown) the drift score is recorded as 0: spam only.
    """
    comment = (
        Comment.objects.select_related("article", "parent")
        .filter(pk=comment_id, status=Comment.Status.PENDING).first()
    )
    if comment is None:
        return None
    model = active_model()
    [score] = model.score(inputs.comment_inputs([comment]), site_domains())
    if not drift:
        score = replace(score, drift_score=0.0, off_topic=False)
    decided = services.apply_scores([(comment.pk, score)], model.version, getattr(model, "thresholds", None))
    _remember_decided(decided)
    return decided.get(comment_id)


# Comments this process moved out of pending, newest last. Only an author's edit returns a comment to
# pending, and that enqueues it `fresh`; any other delivery for one of them has nothing to do. On
# PostgreSQL the query it saves was a third of a worker's time under load (bench/pipeline.py, py-spy).
# Bounded: a few hundred kB.
_decided_here: dict[int, None] = {}
REMEMBER_DECIDED = 20_000


def _remember_decided(comment_ids) -> None:
    _decided_here.update(dict.fromkeys(comment_ids))
    while len(_decided_here) > REMEMBER_DECIDED:
        del _decided_here[next(iter(_decided_here))]


def _still_pending(comment_id: int) -> bool:
    # Plain SQL: building the ORM query cost a fifth of a worker's time under load (bench/pipeline.py,
    # py-spy), for a check most deliveries end with.
    with connection.cursor() as cursor:
        cursor.execute(_PENDING_SQL, [comment_id, Comment.Status.PENDING])
        return cursor.fetchone() is not None


def _claim_transaction() -> AbstractContextManager:
    # SQLite has no row locks; a transaction there would lock the whole file against posting while the
    # model runs, so the claim is skipped and `apply_scores` alone keeps decisions exactly-once.
    if connection.features.has_select_for_update_skip_locked:
        return transaction.atomic()
    return nullcontext()


def _claim_batch(comment_id: int) -> list[Comment]:
    """The comment first, then the oldest other pending comments nobody else has claimed."""
    claimable = (
        Comment.objects.filter(status=Comment.Status.PENDING)
        .select_related("parent")
        .select_for_update(skip_locked=True, no_key=True, of=("self",))
    )
    own = list(claimable.filter(pk=comment_id))
    if not own:
        return []
    others = list(claimable.exclude(pk=comment_id).order_by("pk")[: settings.PITLANE_SCORE_BATCH - 1])
    batch = own + others
    # One query for the batch's articles instead of a copy of a long article body joined to every row.
    articles = Article.objects.in_bulk({comment.article_id for comment in batch})
    for comment in batch:
        comment.article = articles[comment.article_id]
    return batch


def _score(model: Any, batch: list[Comment]) -> tuple[list[Comment], list[Any]]:
    try:
        return batch, model.score(inputs.comment_inputs(batch), site_domains())
    except Exception:
        if len(batch) == 1:
            raise
        log.warning("batch of %s failed; scoring comment %s alone", len(batch), batch[0].pk, exc_info=True)
        return batch[:1], model.score(inputs.comment_inputs(batch[:1]), site_domains())
