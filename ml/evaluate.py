"""Metrics and threshold pickers shared by training (out-of-fold) and `python -m ml evaluate`."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    matthews_corrcoef,
    precision_recall_curve,
    roc_auc_score,
)


def binary_report(truth: np.ndarray, scores: np.ndarray, threshold: float) -> dict:
    """Ranking quality of the scores and decision quality at one threshold."""
    truth = np.asarray(truth, dtype=bool)
    decisions = np.asarray(scores) >= threshold
    both_classes = 0 < truth.sum() < len(truth)
    return {
        "n": int(len(truth)),
        "positives": int(truth.sum()),
        "roc_auc": float(roc_auc_score(truth, scores)) if both_classes else None,
        "pr_auc": float(average_precision_score(truth, scores)) if both_classes else None,
        "threshold": float(threshold),
        "accuracy": float((decisions == truth).mean()),
        "f1": float(f1_score(truth, decisions, zero_division=0)),
        "mcc": float(matthews_corrcoef(truth, decisions)),
        "confusion": confusion_matrix(truth, decisions, labels=[False, True]).tolist(),
    }


def threshold_for_precision(truth: np.ndarray, scores: np.ndarray, target: float) -> dict:
    """The lowest threshold whose precision reaches the target (so recall is as high as it can be).

    Falls back to the highest-precision threshold when the target cannot be met.
    """
    precision, recall, thresholds = precision_recall_curve(np.asarray(truth, dtype=bool), scores)
    precision, recall = precision[:-1], recall[:-1]
    meeting = np.flatnonzero(precision >= target)
    index = int(meeting[0]) if len(meeting) else int(np.argmax(precision))
    threshold = float(thresholds[index])
    return {
        "target_precision": target,
        "threshold": threshold,
        "precision": float(precision[index]),
        "recall": float(recall[index]),
        "hold_rate": float((np.asarray(scores) >= threshold).mean()),
        "met": bool(len(meeting)),
    }


def threshold_for_mcc(truth: np.ndarray, scores: np.ndarray) -> float:
    """The threshold that maximises MCC: both kinds of error count, whatever the class balance.

    Ties go to the middle of the best run, away from the edge a new source would most likely cross.
    """
    truth = np.asarray(truth, dtype=bool)
    scores = np.asarray(scores, dtype=float)
    candidates = np.unique(scores)
    order = np.searchsorted(candidates, scores)
    # rows scoring at or above each candidate, split by class
    tp = np.cumsum(np.bincount(order[truth], minlength=len(candidates))[::-1])[::-1].astype(float)
    fp = np.cumsum(np.bincount(order[~truth], minlength=len(candidates))[::-1])[::-1].astype(float)
    fn, tn = truth.sum() - tp, (~truth).sum() - fp
    denominator = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    values = np.where(denominator > 0, (tp * tn - fp * fn) / np.maximum(denominator, 1e-12), 0.0)
    return _middle_of_best(candidates, values, no_better_than=0.0)


def threshold_for_mcc_within_false_alarms(
    truth: np.ndarray, scores: np.ndarray, false_alarm_rate: float
) -> float:
    """The MCC threshold, raised until at most `false_alarm_rate` of the negatives score at or above it.

    A wrongly blocked reader costs more than a positive left for a moderator: MCC weighs both errors
    alike, so the cap on false alarms comes first.
    """
    return max(threshold_for_mcc(truth, scores), false_alarm_floor(truth, scores, false_alarm_rate))


def false_alarm_floor(truth: np.ndarray, scores: np.ndarray, false_alarm_rate: float) -> float:
    """The lowest threshold that at most `false_alarm_rate` of the negatives reach."""
    truth = np.asarray(truth, dtype=bool)
    negatives = np.sort(np.asarray(scores, dtype=float)[~truth])
    allowed = int(np.floor(false_alarm_rate * len(negatives)))
    # just above the highest negative that must stay below it
    return float(np.nextafter(negatives[-allowed - 1], np.inf)) if len(negatives) > allowed else 0.0


def threshold_for_balanced_accuracy(truth: np.ndarray, scores: np.ndarray) -> float:
    """The threshold that maximises balanced accuracy; ties go to the middle of the best run."""
    candidates = np.unique(np.asarray(scores))
    values = np.asarray([balanced_accuracy_score(truth, scores >= t) for t in candidates])
    return _middle_of_best(candidates, values, no_better_than=0.5)


def _middle_of_best(candidates: np.ndarray, values: np.ndarray, no_better_than: float) -> float:
    """The middle of the best run of candidates; 0.5 when no candidate beats chance.

    Without the fallback a model that separates nothing would get threshold 0 and hold everything.
    """
    if len(values) == 0 or values.max() <= no_better_than + 1e-9:
        return 0.5
    best = np.flatnonzero(np.isclose(values, values.max()))
    return float(candidates[best[len(best) // 2]])


def picker_line(head: str, pick: dict) -> str:
    """The one line a moderator reads before choosing a threshold."""
    verb = "hold" if pick["met"] else "cannot reach"
    return (
        f"{verb} {head} at precision >= {pick['target_precision']:.2f}: threshold {pick['threshold']:.3f}, "
        f"precision {pick['precision']:.3f}, recall {pick['recall']:.3f}, "
        f"expected hold rate {pick['hold_rate']:.3f}"
    )
