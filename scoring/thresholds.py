"""Threshold choice: the hold thresholds reaching a target precision, and what they would hold of traffic.

The choice is the moderation policy's input: applying it sets the policy's hold thresholds
(`moderation.services.set_hold_thresholds`) and records who chose them for which model.
"""
from __future__ import annotations

import numpy as np
from django.db import transaction

from ml.report import HEADS, head_rows, pick_thresholds
from moderation import inputs, services
from moderation.models import ModerationSettings
from scoring import traffic
from scoring.loading import model_of
from scoring.models import ModelAuditEntry, ModelVersion

TRADE_OFF = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def threshold_choice(row: ModelVersion, targets: dict[str, float]) -> dict:
    """Thresholds reaching each target precision on the held-out rows, with the recall they keep and the
    share (and number per day) of recent comments they would hold."""
    traffic = recent_traffic_scores(row)
    picks = pick_thresholds(row.report, targets, traffic["scores"]) if row.report.get("rows") else {}
    for pick in filter(None, picks.values()):
        share = pick.get("traffic_hold_share")
        pick["held_per_day"] = None if share is None else share * traffic["per_day"]
    trade_offs = trade_off(row.report, traffic["scores"], traffic["per_day"]) if picks else {}
    return {"picks": picks, "trade_offs": trade_offs,
            "traffic": {"comments": traffic["comments"], "per_day": traffic["per_day"]}}


def trade_off(report: dict, traffic_scores: dict[str, list[float]], per_day: float) -> dict[str, list[dict]]:
    """For a few thresholds per head: precision and recall on the held-out decisions, and how many of
    a day's comments it would hold, so an admin sees what a stricter or looser threshold costs."""
    table = {}
    for head in HEADS:
        rows, truth = head_rows(head, report["scores"]["labels"])
        held_out = np.asarray(report["scores"]["candidate"][head], dtype=float)[rows]
        recent = np.asarray(traffic_scores[head], dtype=float)
        table[head] = [_trade_off_row(t, truth, held_out, recent, per_day) for t in TRADE_OFF]
    return table


def _trade_off_row(threshold: float, truth, held_out, recent, per_day: float) -> dict:
    held = held_out >= threshold
    caught = int((held & truth).sum())
    share = float((recent >= threshold).mean()) if len(recent) else None
    return {"threshold": threshold, "precision": caught / held.sum() if held.any() else None,
            "recall": caught / truth.sum() if truth.any() else None,
            "held_per_day": None if share is None else share * per_day}


def recent_traffic_scores(row: ModelVersion) -> dict:
    """The candidate's scores on the last week's comments (scored now, a sample at most)."""
    sample, count = traffic.recent_comments()
    scores = model_of(row).score(inputs.comment_inputs(sample)) if sample else []
    return {"comments": count, "per_day": count / traffic.DAYS,
            "scores": {"spam": [s.spam_score for s in scores], "drift": [s.drift_score for s in scores]}}


def apply_thresholds(row: ModelVersion, spam: float, drift: float, actor) -> ModerationSettings:
    """Make the chosen thresholds the policy's hold thresholds, audited against the model they came from."""
    with transaction.atomic():
        current = services.set_hold_thresholds(spam, drift)
        ModelAuditEntry.objects.create(action=ModelAuditEntry.Action.THRESHOLDS, actor=actor, model=row,
                                       details={"spam": spam, "drift": drift})
    return current
