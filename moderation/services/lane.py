"""The "Needs a label" lane: comments whose moderator label would teach the model most.

The worker marks the comments its model was unsure about (`policy.model_unsure`); scoring's shadow run
marks those where the live and shadow models' verdicts disagree (`want_labels`). A moderator's decision
takes the comment out of the lane, and its audit entry says it came from there, so the training label
is marked as such.
"""
from __future__ import annotations

from collections.abc import Iterable

from blog.models import Comment
from moderation.models import DECISIONS, Review

# Only comments a moderator can still decide with a label: published or waiting in the queue.
LANE_STATES = (Comment.Status.PUBLISHED, Comment.Status.HELD)


def want_labels(comment_ids: Iterable[int], why: str) -> int:
    """Put these comments in the lane (unless a person already decided them); how many went in."""
    decided = Review.objects.filter(
        comment__audit_entries__action__in=DECISIONS, comment__audit_entries__actor__isnull=False
    ).values("pk")
    return (Review.objects.filter(comment_id__in=list(comment_ids), comment__status__in=LANE_STATES)
            .exclude(pk__in=decided).update(label_wanted=why))


def in_lane(comment_id: int) -> bool:
    return Review.objects.filter(comment_id=comment_id).exclude(label_wanted="").exists()
