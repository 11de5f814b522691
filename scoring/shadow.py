"""Shadow scoring and threshold choice: evidence about a candidate from live traffic, without acting on it.

The shadow's scores are stored as ScoreRecords under its own version; nothing else about a comment
changes. Its agreement with the live model and with moderators' later decisions is read from them.
"""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from blog.models import Comment
from ml.report import pick_thresholds
from moderation import inputs
from moderation.models import AuditEntry, ModerationSettings, Review, ScoreRecord
from scoring import retraining
from scoring.live_model import verified_load
from scoring.models import ModelAuditEntry, ModelVersion

SHADOW_BATCH = 200
TRAFFIC_DAYS = 7
TRAFFIC_SAMPLE = 500
_loaded: dict[int, object] = {}


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
    scores = _model(row).score(inputs.comment_inputs(list(comments)))
    ScoreRecord.objects.bulk_create([
        ScoreRecord(comment=c, model_version=row.version, spam_score=s.spam_score, drift_score=s.drift_score,
                    reasons=list(s.reasons)) for c, s in zip(comments, scores, strict=True)
    ], ignore_conflicts=True)
    return len(comments)


def shadow_agreement(row: ModelVersion) -> dict:
    """How often the shadow's verdict matches the live model's, and each one's match with moderators."""
    shadow = {r.comment_id: r for r in ScoreRecord.objects.filter(model_version=row.version)}
    reviews = Review.objects.filter(comment_id__in=shadow).exclude(model_version=row.version)
    live = {r.comment_id: r for r in reviews.exclude(spam_score=None)}
    labels = _human_labels(set(live))
    pairs = []
    for comment_id, review in live.items():
        shadow_verdict = _verdict(shadow[comment_id], row.metrics.get("thresholds", {}))
        live_verdict = _verdict(review, _thresholds_of(review.model_version))
        pairs.append((comment_id, shadow_verdict, live_verdict, labels.get(comment_id)))
    return _agreement(pairs)


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


def _verdict(record, thresholds: dict) -> str:
    """The label a score implies at a model's thresholds: spam first, then off_topic, else ham."""
    if record.spam_score >= thresholds.get("spam", 0.5):
        return "spam"
    return "off_topic" if record.drift_score >= thresholds.get("drift", 0.5) else "ham"


def _thresholds_of(version: str) -> dict:
    row = ModelVersion.objects.filter(version=version).only("metrics").first()
    return row.metrics.get("thresholds", {}) if row else {}


def _human_labels(comment_ids: set[int]) -> dict[int, str]:
    entries = AuditEntry.objects.filter(
        comment_id__in=comment_ids, actor__isnull=False, action__in=retraining.LABELLING_ACTIONS
    ).order_by("created_at", "id")
    labels = {e.comment_id: retraining.decision_label(e.action, e.reason) for e in entries}
    return {comment_id: label for comment_id, label in labels.items() if label}


def threshold_choice(row: ModelVersion, targets: dict[str, float]) -> dict:
    """Thresholds reaching each target precision on the held-out rows, with the recall they keep and the
    share (and number per day) of recent comments they would hold."""
    traffic = recent_traffic_scores(row)
    picks = pick_thresholds(row.report, targets, traffic["scores"]) if row.report.get("rows") else {}
    for pick in filter(None, picks.values()):
        share = pick.get("traffic_hold_share")
        pick["held_per_day"] = None if share is None else share * traffic["per_day"]
    return {"picks": picks, "traffic": {"comments": traffic["comments"], "per_day": traffic["per_day"]}}


def recent_traffic_scores(row: ModelVersion) -> dict:
    """The candidate's scores on the last week's comments (scored now, a sample at most)."""
    since = timezone.now() - timedelta(days=TRAFFIC_DAYS)
    recent = Comment.objects.filter(created_at__gte=since)
    count = recent.count()
    sample = list(recent.select_related("article", "parent").order_by("-pk")[:TRAFFIC_SAMPLE])
    scores = _model(row).score(inputs.comment_inputs(list(sample))) if sample else []
    return {"comments": count, "per_day": count / TRAFFIC_DAYS,
            "scores": {"spam": [s.spam_score for s in scores], "drift": [s.drift_score for s in scores]}}


def apply_thresholds(row: ModelVersion, spam: float, drift: float, actor) -> ModerationSettings:
    """Hold at the chosen thresholds instead of the model's own, keeping the other knobs consistent."""
    with transaction.atomic():
        return _save_thresholds(row, spam, drift, actor)


def _save_thresholds(row: ModelVersion, spam: float, drift: float, actor) -> ModerationSettings:
    current = ModerationSettings.load()
    current.use_model_thresholds = False
    current.spam_hold_threshold, current.drift_hold_threshold = spam, drift
    current.spam_reject_threshold = max(current.spam_reject_threshold, spam)
    current.drift_collapse_threshold = min(current.drift_collapse_threshold, drift)
    current.full_clean()
    current.save()
    ModelAuditEntry.objects.create(action=ModelAuditEntry.Action.THRESHOLDS, actor=actor, model=row,
                                   details={"spam": spam, "drift": drift})
    return current


def _model(row: ModelVersion):
    if row.pk not in _loaded:
        _loaded.clear()
        _loaded[row.pk] = verified_load(row)
    return _loaded[row.pk]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
