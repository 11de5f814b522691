"""Candidate versus live on the same held-out decisions: the numbers an admin reads before promoting.

Both heads are judged as in training: spam against everything else, drift (off_topic against ham) on the
rows that are not spam. The report is a plain JSON-serialisable dict; `ml.plots` draws it.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.metrics import brier_score_loss

from ml.dataset import Decision
from ml.evaluate import binary_report, threshold_for_precision
from ml.model import ModerationModel

HEADS = ("spam", "drift")
CONFUSION_THRESHOLDS = (0.3, 0.5, 0.7, 0.9)
CALIBRATION_BINS = 10
DISAGREEMENTS = 10
TARGET_PRECISION = 0.95
SNIPPET = 280


def compare_models(
    holdout: Sequence[Decision],
    candidate: ModerationModel,
    live: ModerationModel | None = None,
    *,
    target_precision: float = TARGET_PRECISION,
) -> dict:
    """Score the held-out rows with both models and report each head side by side."""
    labels = [d.example.label for d in holdout]
    scores = {"candidate": score_rows(candidate, holdout)}
    if live is not None:
        scores["live"] = score_rows(live, holdout)
    models = {"candidate": candidate, "live": live}
    return {
        "rows": len(holdout),
        "labels": dict(sorted(Counter(labels).items())),
        "target_precision": target_precision,
        "models": {
            name: model_report(models[name], labels, scores[name], target_precision) for name in scores
        },
        "disagreements": disagreements(holdout, scores),
        "scores": {"labels": labels, "refs": [d.ref for d in holdout]} | scores,
    }


def score_rows(model: ModerationModel, holdout: Sequence[Decision]) -> dict[str, list[float]]:
    """Both heads' scores for every held-out row, as plain lists (they go into JSON)."""
    results = model.score([d.example.comment for d in holdout])
    return {"spam": [s.spam_score for s in results], "drift": [s.drift_score for s in results]}


def head_rows(head: str, labels: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(row mask, truth) for a head: spam on every row; drift only where the label is not spam."""
    labels = np.asarray(labels, dtype=object)
    if head == "spam":
        return np.ones(len(labels), dtype=bool), labels == "spam"
    rows = labels != "spam"
    return rows, labels[rows] == "off_topic"


def model_report(
    model: ModerationModel, labels: Sequence[str], scores: dict, target_precision: float
) -> dict:
    heads = {}
    for head in HEADS:
        rows, truth = head_rows(head, labels)
        head_scores = np.asarray(scores[head], dtype=float)[rows]
        heads[head] = head_report(truth, head_scores, model.thresholds[head], target_precision)
    return {"version": model.version, "thresholds": dict(model.thresholds), "heads": heads}


def head_report(truth: np.ndarray, scores: np.ndarray, threshold: float, target_precision: float) -> dict:
    """Ranking, decisions at the model's threshold and at fixed ones, calibration, and a precision pick."""
    truth = np.asarray(truth, dtype=bool)
    if len(truth) == 0:
        return {"n": 0, "positives": 0}
    with warnings.catch_warnings():  # a small hold-out often has one class for a head; MCC is then 0
        warnings.filterwarnings("ignore", message="A single label was found", category=UserWarning)
        report = binary_report(truth, scores, threshold) | precision_recall_at(truth, scores, threshold)
    report["confusion_at"] = [confusion_at(truth, scores, t) for t in (*CONFUSION_THRESHOLDS, threshold)]
    report["calibration"] = calibration(truth, scores)
    report["picker"] = pick_threshold(truth, scores, target_precision)
    return report


def precision_recall_at(truth: np.ndarray, scores: np.ndarray, threshold: float) -> dict:
    decided = np.asarray(scores) >= threshold
    true_positives = int((decided & truth).sum())
    return {
        "precision": _ratio(true_positives, int(decided.sum())),
        "recall": _ratio(true_positives, int(truth.sum())),
    }


def confusion_at(truth: np.ndarray, scores: np.ndarray, threshold: float) -> dict:
    """Counts at one threshold; `held` is the share a moderator would have to look at."""
    decided = np.asarray(scores) >= threshold
    counts = {
        "tp": int((decided & truth).sum()),
        "fp": int((decided & ~truth).sum()),
        "fn": int((~decided & truth).sum()),
        "tn": int((~decided & ~truth).sum()),
    }
    return {"threshold": float(threshold), **counts, "held": float(decided.mean())}


def calibration(truth: np.ndarray, scores: np.ndarray, bins: int = CALIBRATION_BINS) -> dict:
    """Brier score and reliability bins: in each score band, how often the label really was positive."""
    scores = np.clip(np.asarray(scores, dtype=float), 0.0, 1.0)
    band = np.minimum((scores * bins).astype(int), bins - 1)
    reliability = []
    for index in range(bins):
        inside = band == index
        if inside.any():
            reliability.append(
                {
                    "lower": index / bins,
                    "upper": (index + 1) / bins,
                    "count": int(inside.sum()),
                    "mean_score": float(scores[inside].mean()),
                    "positive_rate": float(truth[inside].mean()),
                }
            )
    return {"brier": float(brier_score_loss(truth, scores, pos_label=True)), "bins": reliability}


def pick_threshold(
    truth: np.ndarray,
    scores: np.ndarray,
    target_precision: float,
    traffic_scores: Sequence[float] | None = None,
) -> dict | None:
    """The lowest threshold reaching the target precision, its recall, and the share of traffic it holds.

    `hold_rate` is measured on the held-out rows; `traffic_hold_share` on recent comments' scores.
    """
    truth = np.asarray(truth, dtype=bool)
    if not 0 < truth.sum() < len(truth):
        return None
    pick = threshold_for_precision(truth, np.asarray(scores, dtype=float), target_precision)
    if traffic_scores is not None:
        traffic = np.asarray(traffic_scores, dtype=float)
        pick["traffic_hold_share"] = float((traffic >= pick["threshold"]).mean()) if len(traffic) else None
    return pick


def pick_thresholds(
    report: dict,
    targets: dict[str, float],
    traffic: dict[str, Sequence[float]] | None = None,
    model: str = "candidate",
) -> dict:
    """Re-pick each head's threshold for a target precision from a stored report's held-out scores."""
    labels = report["scores"]["labels"]
    picks = {}
    for head in HEADS:
        rows, truth = head_rows(head, labels)
        scores = np.asarray(report["scores"][model][head], dtype=float)[rows]
        picks[head] = pick_threshold(truth, scores, targets[head], (traffic or {}).get(head))
    return picks


def disagreements(holdout: Sequence[Decision], scores: dict, limit: int = DISAGREEMENTS) -> list[dict]:
    """The held-out rows where the two models' scores differ most on either head."""
    if "live" not in scores or not holdout:
        return []
    gaps = np.max([np.abs(np.subtract(scores["candidate"][h], scores["live"][h])) for h in HEADS], axis=0)
    order = np.argsort(-gaps, kind="stable")[:limit]
    return [_disagreement(holdout[i], scores, int(i), float(gaps[i])) for i in order]


def _disagreement(decision: Decision, scores: dict, index: int, gap: float) -> dict:
    comment = decision.example.comment
    return {
        "ref": decision.ref,
        "label": decision.example.label,
        "gap": gap,
        "article_title": comment.article_title,
        "body": comment.body[:SNIPPET],
        **{name: {h: scores[name][h][index] for h in HEADS} for name in ("candidate", "live")},
    }


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


SIDE_BY_SIDE = (
    ("pr_auc", "PR-AUC"),
    ("roc_auc", "ROC-AUC"),
    ("threshold", "threshold"),
    ("precision", "precision at threshold"),
    ("recall", "recall at threshold"),
    ("f1", "F1"),
    ("mcc", "MCC"),
)


def side_by_side(report: dict) -> list[dict]:
    """Rows of (head, metric, candidate, live) for a page to print; a missing value is None."""
    rows = []
    for head in HEADS:
        heads = {name: model["heads"][head] for name, model in report.get("models", {}).items()}
        for key, label in SIDE_BY_SIDE:
            rows.append({"head": head, "metric": label, **{name: h.get(key) for name, h in heads.items()}})
        rows.append(
            {
                "head": head,
                "metric": "Brier score (lower is better)",
                **{name: h.get("calibration", {}).get("brier") for name, h in heads.items()},
            }
        )
    return rows
