"""Warn before posting: whether a draft looks off-topic for its story, asked before anything is saved.

The web process scores the draft with the promoted model (never training one: `worker.ready_model`).
"Off-topic" is the band from which the policy folds or holds a comment for drift, so the warning and
the decision after posting speak of the same thing. The check only ever warns: when it cannot run (no
model yet, a model error, the setting off) the comment is posted as if it had passed.

The draft is read against its story and its reply chain, not the discussion: every web process would
otherwise encode each comment other readers post (the worker does that once), and a page's post would
wait on it. The worker's decision after posting reads the discussion as well.
"""
from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from blog.models import Article, Comment
from moderation import inputs, worker
from moderation.services.domains import site_domains

log = logging.getLogger(__name__)
OFF_TOPIC_WARNING = "This looks off-topic for this article."


def looks_off_topic(article: Article, author: Any, body: str, parent_id: int | None = None) -> bool:
    """Whether the draft would be folded or held as off-topic; False whenever the check cannot tell."""
    if not settings.PITLANE_WARN_OFF_TOPIC or not body.strip():
        return False
    draft = _draft(article, author, body.strip(), parent_id)
    if draft is None:  # a reply target the author may not use: posting refuses it with its own message
        return False
    try:
        return _off_topic(draft)
    except Exception:  # the warning is a courtesy; a failing model must never stop a comment
        log.warning("off-topic check before posting failed; posting without it", exc_info=True)
        return False


def _draft(article: Article, author: Any, body: str, parent_id: int | None) -> Comment | None:
    """An unsaved comment in its place in the thread, as the worker will read it."""
    parent = None
    if parent_id is not None:
        parent = (
            Comment.objects.visible_to(author).select_related("parent")
            .filter(pk=parent_id, article=article).exclude(status=Comment.Status.DELETED).first()
        )
        if parent is None:
            return None
    return Comment(
        article=article, author_id=author.pk, body=body, parent=parent,
        root_id=(parent.root_id or parent.pk) if parent else None, depth=parent.depth + 1 if parent else 0,
    )


def _off_topic(draft: Comment) -> bool:
    model = worker.ready_model()
    if model is None:
        return False
    # comment_input, unlike comment_inputs, carries no discussion: the draft's story and chain only
    [score] = model.score([inputs.comment_input(draft)], site_domains())
    band = inputs.policy_settings(getattr(model, "thresholds", None)).drift_collapse
    return float(score.drift_score) >= band
