"""What a scoring task does: load pending comments, ask the active model, hand each score to services.

Under load the queue holds many pending comments and the model scores a batch far faster per comment
than one at a time, so a task scores its own comment together with other waiting ones. Their own tasks
then find them decided and return at once; `services.apply_score` makes every decision exactly once.
"""
from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from blog.models import Comment
from moderation import inputs, services

log = logging.getLogger(__name__)


def active_model() -> Any:
    """The model the admin promoted; the loader caches it per process and notices a new promotion."""
    return import_string(settings.PITLANE_SCORER)()


def score_pending(comment_id: int) -> str | None:
    """Score one comment if it still waits, with others waiting; its new status, or None if nothing to do."""
    pending = Comment.objects.select_related("article", "parent").filter(status=Comment.Status.PENDING)
    own = pending.filter(pk=comment_id).first()
    if own is None:  # deleted, or already decided by an earlier delivery, another batch or a moderator
        return None
    others = list(pending.exclude(pk=comment_id).order_by("pk")[: settings.PITLANE_SCORE_BATCH - 1])
    model = active_model()
    batch = [own, *others]
    try:
        scores = model.score(inputs.comment_inputs(batch))
    except Exception:
        if not others:
            raise
        log.warning("batch of %s failed; scoring comment %s alone", len(batch), comment_id, exc_info=True)
        batch, scores = [own], model.score(inputs.comment_inputs([own]))
    scored = [(comment.pk, score) for comment, score in zip(batch, scores, strict=True)]
    decided = services.apply_scores(scored, model.version, getattr(model, "thresholds", None))
    return decided.get(comment_id)
