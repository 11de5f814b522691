"""Recent traffic: the last week's comments, and how many of them a model's verdicts would hold.

A candidate's report says what it would mean day to day ("would hold about 4 more comments a day"),
so each model is run over the same recent comments and the moderation policy decides on its scores at
its own thresholds, as it would live. The author's standing is left out (a neutral reader): it is the
models being compared.
"""
from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

import ml
from blog.models import Comment
from moderation import inputs, policy

DAYS = 7
SAMPLE = 500


def recent_comments() -> tuple[list[Comment], int]:
    """The newest comments of the last week (at most SAMPLE of them) and how many there were in all."""
    recent = Comment.objects.filter(created_at__gte=timezone.now() - timedelta(days=DAYS))
    sample = list(recent.select_related("article", "parent").order_by("-pk")[:SAMPLE])
    return sample, recent.count()


def held_share(model: ml.ModerationModel, comments: list[Comment]) -> float | None:
    """The share of these comments the policy would not publish (hold or reject) on this model's scores."""
    if not comments:
        return None
    rules = inputs.policy_settings(model.thresholds)
    scores = model.score(inputs.comment_inputs(comments))
    verdicts = [policy.decide(inputs.submission(c, s), rules, policy.Standing())
                for c, s in zip(comments, scores, strict=True)]
    return sum(v.action in (policy.Action.HOLD, policy.Action.REJECT) for v in verdicts) / len(verdicts)


def compare_holds(candidate: ml.ModerationModel, live: ml.ModerationModel | None) -> dict:
    """Comments a day, and the share each model would hold of them, for the report's plain verdict."""
    comments, count = recent_comments()
    shares = {"candidate": held_share(candidate, comments)}
    if live is not None:
        shares["live"] = held_share(live, comments)
    return {"comments": count, "per_day": count / DAYS, "held_share": shares}
