"""Shadow scoring: evidence about a candidate from live traffic, without acting on it.

The shadow's scores are stored as ScoreRecords under its own version and decide nothing; a comment
on which its verdict differs from the live model's goes to the queue's "Needs a label" lane. Its
agreement with the live model and with moderators' later decisions compares the verdicts the
moderation policy would give on each model's scores, at each model's own thresholds.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings

from blog.models import Comment
from moderation import inputs, policy, services
from moderation.models import LabelWanted, Review, ScoreRecord
from scoring import labels
from scoring.loading import model_of
from scoring.models import ModelVersion

SHADOW_BATCH = 200


def score_with_shadow(limit: int = SHADOW_BATCH) -> int:
    """Score recent comments the shadow has not scored yet; how many were scored. Safe to run twice."""
    row = ModelVersion.objects.filter(is_shadow=True).first()
    if row is None:
        return 0
    since = row.shadow_since - timedelta(hours=settings.PITLANE_SHADOW_LOOKBACK_HOURS)
    comments = list(Comment.objects.select_related("article", "parent").filter(created_at__gte=since)
                    .exclude(score_records__model_version=row.version).order_by("pk")[:limit])
    if not comments:
        return 0
    scores = model_of(row).score(inputs.comment_inputs(comments))
    ScoreRecord.objects.bulk_create([
        ScoreRecord(comment=c, model_version=row.version, spam_score=s.spam_score, drift_score=s.drift_score,
                    reasons=list(s.reasons)) for c, s in zip(comments, scores, strict=True)
    ], ignore_conflicts=True)
    mark_disagreements(row, comments, scores)
    return len(comments)


def mark_disagreements(row: ModelVersion, comments: list[Comment], scores: list) -> int:
    """Comments on which the shadow's verdict differs from the live model's go to the "Needs a label"
    lane: a moderator's decision there says which model was right."""
    reviews = {r.comment_id: r for r in Review.objects.filter(comment__in=comments).exclude(spam_score=None)
               .exclude(model_version=row.version)}
    shadow_rules, live_rules = inputs.policy_settings(row.metrics.get("thresholds")), _live_rules(reviews)
    differ = [c.pk for c, score in zip(comments, scores, strict=True) if c.pk in reviews and
              verdict_label(c, score, shadow_rules) != verdict_label(c, reviews[c.pk], live_rules[c.pk])]
    return services.want_labels(differ, LabelWanted.DISAGREE) if differ else 0


def shadow_agreement(row: ModelVersion) -> dict:
    """How often the shadow's verdict matches the live model's, and each one's match with moderators."""
    shadow = {r.comment_id: r for r in ScoreRecord.objects.filter(model_version=row.version)}
    reviews = Review.objects.filter(comment_id__in=shadow).exclude(model_version=row.version)
    live = {r.comment_id: r for r in reviews.exclude(spam_score=None)}
    comments = Comment.objects.select_related("article").in_bulk(live)
    human = _human_labels(set(live))
    shadow_rules, live_rules = inputs.policy_settings(row.metrics.get("thresholds")), _live_rules(live)
    pairs = []
    for comment_id, review in live.items():
        shadow_verdict = verdict_label(comments[comment_id], shadow[comment_id], shadow_rules)
        live_verdict = verdict_label(comments[comment_id], review, live_rules[comment_id])
        pairs.append((comment_id, shadow_verdict, live_verdict, human.get(comment_id)))
    return _agreement(pairs)


def verdict_label(comment: Comment, score: Any, rules: policy.PolicySettings) -> str:
    """The label the policy's verdict on this score amounts to: spam, off_topic (held) or ham.

    The author's standing is left out (a neutral reader): it is the models being compared.
    """
    verdict = policy.decide(inputs.submission(comment, score), rules, policy.Standing())
    if "spam" in verdict.codes:
        return "spam"
    held = verdict.action in (policy.Action.HOLD, policy.Action.REJECT)
    return "off_topic" if held and "off_topic" in verdict.codes else "ham"


def _agreement(pairs: list[tuple]) -> dict:
    moderated = [p for p in pairs if p[3] is not None]
    return {
        "scored": len(pairs),
        "agree": _share(sum(s == v for _, s, v, _ in pairs), len(pairs)),
        "moderated": len(moderated),
        "shadow_matches_moderators": _share(sum(s == label for _, s, _, label in moderated), len(moderated)),
        "live_matches_moderators": _share(sum(v == label for _, _, v, label in moderated), len(moderated)),
        "disagreements": [{"comment_id": c, "shadow": s, "live": v, "moderator": label or ""}
                          for c, s, v, label in pairs if s != v][:20],
    }


def _live_rules(reviews: dict[int, Review]) -> dict[int, policy.PolicySettings]:
    """The policy settings each comment's live score was decided under (its model's thresholds)."""
    rules = {version: inputs.policy_settings(_thresholds_of(version))
             for version in {review.model_version for review in reviews.values()}}
    return {comment_id: rules[review.model_version] for comment_id, review in reviews.items()}


def _thresholds_of(version: str) -> dict | None:
    row = ModelVersion.objects.filter(version=version).only("metrics").first()
    return row.metrics.get("thresholds") if row else None


def _human_labels(comment_ids: set[int]) -> dict[int, str]:
    entries = labels.latest_decisions().filter(comment_id__in=comment_ids).order_by("created_at", "id")
    decided = {e.comment_id: labels.decision_label(e.action, e.reason) for e in entries}
    return {comment_id: label for comment_id, label in decided.items() if label}


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
