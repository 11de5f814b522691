"""What a scoring task does: load pending comments, ask the active model, hand each score to services.

Under load the queue holds many pending comments and the model scores a batch far faster per comment
than one at a time, so a task scores its own comment together with other waiting ones. Their own tasks
then find them decided and return at once; `services.apply_scores` makes every decision exactly once.
"""
from __future__ import annotations

import logging
import threading
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
    return _score_batch(comment_id, wait=True)


def score_now(comment_id: int) -> str | None:
    """Decide a pending comment before returning; its new status, or None when this call did not decide it.

    For callers that must answer at once (Akismet's comment-check, Coral's phase): no queue, but the
    worker's own batch, so the decision is the one the worker would make. Under load the batch holds
    the other checks of the moment, which the model scores far faster together than one by one. When
    another batch already holds the comment, this waits (at most SCORE_NOW_WAIT) until that batch has
    decided it, instead of scoring it twice; the caller then reads the decision.

    A process's threads (gunicorn's gthread workers) take turns: while one batch is scored, the checks
    arriving meanwhile wait, and the next batch takes all of them, so batches grow with the load
    instead of every thread scoring its own comment alone. A check whose comment that batch decided
    returns without a query.
    """
    with _one_batch_at_a_time:
        if comment_id in _decided_here:
            return None
        return _score_batch(comment_id, wait=True)


_one_batch_at_a_time = threading.Lock()


# How long score_now waits for another batch holding its comment (a batch takes tens of milliseconds).
SCORE_NOW_WAIT = "5s"


def _score_batch(comment_id: int, wait: bool) -> str | None:
    with _claim_transaction():
        batch = _claim_batch(comment_id, wait=wait)
        if not batch:  # another batch holds it and will decide it (or, waited for, has decided it)
            return None
        model = active_model()
        batch, scores = _score(model, batch)
        scored = [(comment.pk, score) for comment, score in zip(batch, scores, strict=True)]
        decided = services.apply_scores(scored, model.version, getattr(model, "thresholds", None))
    _remember_decided(decided)  # committed by now
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


def _claim_batch(comment_id: int, wait: bool = False) -> list[Comment]:
    """The comment first, then the oldest other pending comments nobody else has claimed.

    `wait`: when another batch holds the comment, wait for it to commit (then the comment is decided
    and nothing is claimed) rather than skip it.
    """
    pending = Comment.objects.filter(status=Comment.Status.PENDING).select_related("parent")
    claimable = pending.select_for_update(skip_locked=True, no_key=True, of=("self",))
    own = list(claimable.filter(pk=comment_id))
    if not own and wait:
        own = _after_its_batch(pending, comment_id)
    if not own:
        return []
    others = list(claimable.exclude(pk=comment_id).order_by("pk")[: settings.PITLANE_SCORE_BATCH - 1])
    batch = own + others
    # One query for the batch's articles instead of a copy of a long article body joined to every row.
    articles = Article.objects.in_bulk({comment.article_id for comment in batch})
    for comment in batch:
        comment.article = articles[comment.article_id]
    return batch


def _after_its_batch(pending, comment_id: int) -> list[Comment]:
    """Wait for the batch holding the comment to commit; the comment if it is still pending then."""
    if connection.vendor == "postgresql":  # a stuck batch must not hold this request for ever
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = %s", [SCORE_NOW_WAIT])
    return list(pending.select_for_update(no_key=True, of=("self",)).filter(pk=comment_id))


def _score(model: Any, batch: list[Comment]) -> tuple[list[Comment], list[Any]]:
    try:
        return batch, _scores(model, batch)
    except Exception:
        if len(batch) == 1:
            raise
        log.warning("batch of %s failed; scoring comment %s alone", len(batch), batch[0].pk, exc_info=True)
        return batch[:1], _scores(model, batch[:1])


def _scores(model: Any, batch: list[Comment]) -> list[Any]:
    """The model's scores; under an article whose text Pitlane does not know, spam only (drift 0).

    Another site's article first met through a comment has no text yet: drift against nothing would
    call every comment on it off-topic.
    """
    scores = model.score(inputs.comment_inputs(batch), site_domains())
    return [
        score if comment.article.body.strip() else replace(score, drift_score=0.0, off_topic=False)
        for comment, score in zip(batch, scores, strict=True)
    ]
