"""Threshold pickers used at training time."""

import numpy as np
from sklearn.metrics import matthews_corrcoef

from ml.evaluate import threshold_for_balanced_accuracy, threshold_for_mcc


def test_mcc_threshold_separates_cleanly_separable_scores():
    truth = np.array([False, False, False, True, True])
    scores = np.array([0.1, 0.2, 0.3, 0.6, 0.9])
    assert threshold_for_mcc(truth, scores) == 0.6


def test_mcc_threshold_reaches_the_best_mcc_of_any_candidate():
    rng = np.random.default_rng(0)
    truth = rng.random(400) < 0.3
    scores = np.round(0.3 * truth + rng.random(400), 2)
    best = max(matthews_corrcoef(truth, scores >= t) for t in np.unique(scores))
    assert np.isclose(matthews_corrcoef(truth, scores >= threshold_for_mcc(truth, scores)), best)


def test_a_scorer_that_separates_nothing_gets_a_neutral_threshold_not_zero():
    truth = np.array([True, False, True, False])
    scores = np.array([0.2, 0.2, 0.2, 0.2])
    assert threshold_for_mcc(truth, scores) == 0.5
    assert threshold_for_balanced_accuracy(truth, scores) == 0.5
