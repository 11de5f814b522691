"""Fit both heads, pick their thresholds on out-of-fold predictions, and describe the result."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits
from tqdm import tqdm

from ml.discussion import with_discussions
from ml.evaluate import (
    binary_report,
    false_alarm_floor,
    threshold_for_balanced_accuracy,
    threshold_for_mcc_within_false_alarms,
    threshold_for_precision,
)
from ml.model import ModerationModel
from ml.pipelines import ARTICLE, COMMENT, PARENT, as_array, drift_head, spam_head
from ml.spam_features import with_evidence_ceilings
from ml.types import DataError, Example

# YouTube ham under a one-sentence "article" teaches the drift head that thin context is no evidence
# of drift. At 0.3 the head flagged 11% of a held-out video's ham; at 2.0 (bench/quality.py) `flagged`
# MCC on held-out videos rose to 0.892 / 0.886 / 0.927 from 0.886 / 0.859 / 0.922 at 1.0, for a drift
# ROC-AUC of 0.886 instead of 0.892. With the members' article cosines (ml.discussion_stats) the head
# held more YouTube ham at its threshold on inner folds (bench/drift_inner.py): 0.47% of it at 2.0, 0.25%
# at 3.0, 0.11% at 4.0, for drift-train ROC-AUC 0.942 / 0.940 / 0.939 and threshold accuracy 0.879 /
# 0.879 / 0.878; 4.0 keeps held-out videos' ham about as rarely held as before those features.
CONTEXT_FREE_WEIGHT = 4.0
SPAM_TARGET_PRECISION = 0.95
# The spam head weighs real YouTube comments three times a seed or long-post row: they are the only
# real spam it sees, and short comments under thin contexts are what it must rank. Inner pairs
# (bench/spam_inner.py: train on one video + drift-train + seed, test on another) mean / worst MCC
# 0.906 / 0.892 -> 0.918 / 0.903 at 3 (2: 0.918 / 0.886; 5: 0.921 / 0.897).
SPAM_SOURCE_WEIGHTS = {"youtube": 3.0}
WITHOUT_DISCUSSION_SHARE = 0.25
# At most this share of the legitimate training comments may score at or above the spam threshold out
# of fold: the threshold that maximises MCC, raised when it would call more readers spammers.
SPAM_FALSE_ALARM_RATE = 0.005
# Drift alone holds a comment for a moderator only where the model is this precise out of fold; below
# that, down to the off_topic threshold, the comment is published collapsed.
DRIFT_HOLD_PRECISION = 0.95
# At most this share of the on-topic training comments of each source may be marked off topic (folded)
# out of fold: the balanced-accuracy threshold folded 12-19% of the on-topic comments of both drift sets.
# Per source, since a cap over all rows pooled was met by easy YouTube ham and seed comments while forum
# threads saw more (inner folds, bench/drift_inner.py protocol, drift-train's on-topic comments: 8.2%
# folded at a pooled 5%, 3.7% at 5% per source, for off_topic MCC 0.820 -> 0.789). 3% per source folded
# 2.2% (MCC 0.749), and the seed-only model no longer marked a cake recipe posted under a car story.
DRIFT_FALSE_ALARM_RATE = 0.05
# A source with fewer on-topic rows than this says too little about its own share.
DRIFT_CAP_MIN_ROWS = 30


def train_model(
    examples: Sequence[Example],
    *,
    spam_target_precision: float = SPAM_TARGET_PRECISION,
    folds: int = 5,
    progress: bool = False,
) -> ModerationModel:
    """Train both heads; thresholds and metrics come from grouped out-of-fold predictions."""
    X = as_array(_training_contexts(examples))
    groups = np.asarray([f"{e.source}:{e.group}" for e in examples])
    labels = np.asarray([e.label for e in examples])
    spam_truth = labels == "spam"
    drift_rows = ~spam_truth
    drift_truth = labels[drift_rows] == "off_topic"
    _require_both_classes(spam_truth, "spam")
    _require_both_classes(drift_truth, "off_topic")
    # The solvers' dense work is on vectors of a few thousand numbers: BLAS threads only contend with
    # each other (and with a worker's other processes). One thread fits the same models, faster.
    with threadpool_limits(1), tqdm(total=2 * folds + 2, desc="training", disable=not progress) as bar:
        spam_fitted, spam_oof, spam_threshold = _spam_part(X, examples, groups, folds, bar)
        drift_fitted, drift_oof, drift_thresholds = _drift_part(
            X[drift_rows], [e for e, keep in zip(examples, drift_rows, strict=True) if keep], folds, bar
        )
    spam_pick = threshold_for_precision(spam_truth, spam_oof, spam_target_precision)
    thresholds = {"spam": spam_threshold, **drift_thresholds}
    metadata = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "training_data": fingerprint(examples),
        "thresholds": thresholds,
        "threshold_rules": {
            "spam": "maximises out-of-fold MCC (grouped by thread / video / seed article), raised until "
            f"at most {SPAM_FALSE_ALARM_RATE:.1%} of legitimate comments reach it",
            "drift": "maximises out-of-fold balanced accuracy on the sources that hold both classes, raised "
            f"until at most {DRIFT_FALSE_ALARM_RATE:.0%} of each source's on-topic comments reach it",
            "drift_hold": f"lowest out-of-fold drift score with precision >= {DRIFT_HOLD_PRECISION}",
        },
        "metrics": {
            "spam": binary_report(spam_truth, spam_oof, thresholds["spam"]) | {"picker": spam_pick},
            "drift": binary_report(drift_truth, drift_oof, thresholds["drift"]),
        },
    }
    return ModerationModel(spam_fitted, drift_fitted, thresholds, metadata)


def fit_drift_head(examples: Sequence[Example], folds: int = 5):
    """The drift head, its thresholds and out-of-fold scores as `train_model` makes them."""
    examples = [e for e in examples if e.label != "spam"]
    X = as_array(_training_contexts(examples))
    with threadpool_limits(1), tqdm(total=folds + 1, disable=True) as bar:
        fitted, oof, thresholds = _drift_part(X, examples, folds, bar)
    return fitted, thresholds, oof


def _drift_part(X, examples: Sequence[Example], folds: int, bar):
    """Out-of-fold drift scores, the off_topic and hold thresholds picked on them, the head on every row.

    Above "drift" a comment is off topic and published collapsed; drift alone holds it for a moderator
    only from "drift_hold", where out-of-fold precision reaches DRIFT_HOLD_PRECISION.
    """
    truth = np.asarray([e.label == "off_topic" for e in examples])
    groups = np.asarray([f"{e.source}:{e.group}" for e in examples])
    sources = np.asarray([e.source for e in examples])
    weights = np.asarray([CONTEXT_FREE_WEIGHT if s == "youtube" else 1.0 for s in sources])
    oof = _out_of_fold(drift_head(), X, truth, groups, weights, folds, bar)
    fitted = drift_head().fit(X, truth, classifier__sample_weight=weights)
    bar.update()
    threshold = max(_drift_threshold(truth, oof, sources), _drift_false_alarm_floor(truth, oof, sources))
    hold = threshold_for_precision(truth, oof, DRIFT_HOLD_PRECISION)["threshold"]
    return fitted, oof, {"drift": threshold, "drift_hold": max(hold, threshold)}


def fit_spam_head(examples: Sequence[Example], folds: int = 5):
    """The spam head, its threshold and out-of-fold scores as `train_model` makes them (inner evaluation)."""
    X = as_array(_training_contexts(examples))
    groups = np.asarray([f"{e.source}:{e.group}" for e in examples])
    with tqdm(total=folds + 1, disable=True) as bar:
        fitted, oof, threshold = _spam_part(X, examples, groups, folds, bar)
    return fitted, threshold, oof


def _spam_part(X, examples: Sequence[Example], groups: np.ndarray, folds: int, bar):
    """Out-of-fold spam scores, the threshold picked on them, and the head fitted on every row."""
    truth = np.asarray([e.label == "spam" for e in examples])
    weights = np.asarray([SPAM_SOURCE_WEIGHTS.get(e.source, 1.0) for e in examples])
    oof = _out_of_fold(spam_head(), X, truth, groups, weights, folds, bar)
    fitted = spam_head().fit(X, truth, classifier__sample_weight=weights)
    bar.update()
    signals = fitted.named_steps["features"].named_transformers_["signals"]
    oof = with_evidence_ceilings(oof, signals[0].transform(X[:, [ARTICLE, PARENT, COMMENT]]))
    return fitted, oof, threshold_for_mcc_within_false_alarms(truth, oof, SPAM_FALSE_ALARM_RATE)


def _drift_threshold(truth: np.ndarray, scores: np.ndarray, sources: np.ndarray) -> float:
    """Balanced accuracy over the rows of sources with both on- and off-topic examples.

    A source of one class (YouTube ham) says nothing about the trade-off; pooled in, its easy negatives
    pulled the threshold down: `off_topic` accuracy 81% instead of 84% over drift-train's five folds.
    """
    mixed = _mixed_sources(truth, sources)
    rows = np.isin(sources, mixed) if mixed else np.ones(len(truth), dtype=bool)
    return threshold_for_balanced_accuracy(truth[rows], scores[rows])


def _mixed_sources(truth: np.ndarray, sources: np.ndarray) -> list[str]:
    """The sources that hold both on- and off-topic rows: threads, where the trade-off is made."""
    return [s for s in np.unique(sources) if 0 < truth[sources == s].mean() < 1]


def _drift_false_alarm_floor(truth: np.ndarray, scores: np.ndarray, sources: np.ndarray) -> float:
    """The lowest threshold that at most DRIFT_FALSE_ALARM_RATE of the on-topic rows of each source with
    both classes reach (of all rows when none has both).

    The rows are those `_drift_threshold` reads: threads, where readers' comments and drift meet. With
    all shared data the forum threads bind (0.94, against 0.87 for the seed's and 0.84 pooled).
    """
    groups = [sources == source for source in _mixed_sources(truth, sources)] or [np.ones(len(truth), bool)]
    return max(
        (false_alarm_floor(truth[rows], scores[rows], DRIFT_FALSE_ALARM_RATE)
         for rows in groups if (~truth[rows]).sum() >= DRIFT_CAP_MIN_ROWS),
        default=0.0,
    )


def _training_contexts(examples: Sequence[Example]) -> list:
    """Comments with their discussions, some without: a comment is often scored before any other."""
    contexts = with_discussions([e.comment for e in examples])
    alone = np.random.default_rng(0).random(len(contexts)) < WITHOUT_DISCUSSION_SHARE
    return [replace(c, discussion="") if drop else c for c, drop in zip(contexts, alone, strict=True)]


def fingerprint(examples: Sequence[Example]) -> dict:
    """What the model was trained on, precisely enough to tell two training sets apart."""
    digest = hashlib.sha256()
    for e in examples:
        c = e.comment
        digest.update("\x1f".join((c.article_title, c.article_body, c.parent_body, c.body, e.label)).encode())
    counts = Counter(f"{e.source}:{e.label}" for e in examples)
    return {"sha256": digest.hexdigest(), "examples": len(examples), "counts": dict(sorted(counts.items()))}


def _out_of_fold(head, X, truth, groups, weights, folds: int, bar) -> np.ndarray:
    """Probabilities for every row from a model that never saw that row's thread (or video)."""
    n_splits = min(folds, len(set(groups)))
    if n_splits < 2:
        raise DataError("need at least two threads (or videos) to pick thresholds on held-out predictions")
    scores = np.zeros(len(truth))
    for train_rows, test_rows in GroupKFold(n_splits=n_splits).split(X, truth, groups):
        fit_params = {} if weights is None else {"classifier__sample_weight": weights[train_rows]}
        if len(set(truth[train_rows])) < 2:
            scores[test_rows] = truth[train_rows].mean()
        else:
            model = clone(head).fit(X[train_rows], truth[train_rows], **fit_params)
            scores[test_rows] = model.predict_proba(X[test_rows])[:, 1]
        bar.update()
    bar.update(folds - n_splits)
    return scores


def _require_both_classes(truth: np.ndarray, name: str) -> None:
    if truth.all() or not truth.any():
        raise DataError(f"training data needs examples labelled {name!r} and examples that are not")
