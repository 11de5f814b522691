"""Threshold choice: the hold thresholds reaching a target precision, and what they would hold of traffic.

The choice is the moderation policy's input: applying it sets the policy's hold thresholds
(`moderation.services.set_hold_thresholds`) and records who chose them for which model.
"""
from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from blog.models import Comment
from ml.report import pick_thresholds
from moderation import inputs, services
from moderation.models import ModerationSettings
from scoring.loading import model_of
from scoring.models import ModelAuditEntry, ModelVersion

TRAFFIC_DAYS = 7
TRAFFIC_SAMPLE = 500


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
    scores = model_of(row).score(inputs.comment_inputs(sample)) if sample else []
    return {"comments": count, "per_day": count / TRAFFIC_DAYS,
            "scores": {"spam": [s.spam_score for s in scores], "drift": [s.drift_score for s in scores]}}


def apply_thresholds(row: ModelVersion, spam: float, drift: float, actor) -> ModerationSettings:
    """Make the chosen thresholds the policy's hold thresholds, audited against the model they came from."""
    with transaction.atomic():
        current = services.set_hold_thresholds(spam, drift)
        ModelAuditEntry.objects.create(action=ModelAuditEntry.Action.THRESHOLDS, actor=actor, model=row,
                                       details={"spam": spam, "drift": drift})
    return current
