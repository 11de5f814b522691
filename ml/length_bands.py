"""Standardised drift features, each also read a second time for comments under long articles.

A long article (a car-news story: hundreds of words) and a short one (a forum opening post, a video
title) give the same similarity statistics very different scales: a reply shares more of a long
article's words by chance alone, and an off-topic comment shares some too. One weight vector for both
was a compromise that suited neither (an LR fitted on short-article rows alone ranked them better). Here
the logistic regression gets every feature twice: as it is, and multiplied by a gate that rises from 0
to 1 as the article grows from `low_words` to `high_words` content words. A row under a short article
reads the base weights only; a row under a long one reads base + long-article weights, so the second
set only learns what differs and, being penalised like the first, stays small when little differs.

The second set is learned only when the training rows hold both kinds of article (at least `min_share`
of them on each side of the gate's middle): with one kind there is nothing to tell apart, and the
duplicated columns would only halve each weight and skew rows of the other kind. The bootstrap model,
fitted on the seed corpus's long articles alone, so stays exactly what it was.

The gate is bounded: unlike the degree-2 products rejected in `drift_head`, it cannot extrapolate
beyond the base weights plus one bounded correction.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data


class ArticleLengthBands(TransformerMixin, BaseEstimator):
    """StandardScaler, then [scaled, scaled * long-article gate].

    length_column: the input column holding log1p(content words of the article).
    """

    def __init__(
        self,
        length_column: int = 0,
        low_words: float = 30.0,
        high_words: float = 100.0,
        min_share: float = 0.1,
    ):
        self.length_column = length_column
        self.low_words = low_words
        self.high_words = high_words
        self.min_share = min_share

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=np.float64)
        self.scaler_ = StandardScaler().fit(X)
        long_share = float(np.mean(self.gate(X) >= 0.5)) if len(X) else 0.0
        self.banded_ = min(long_share, 1.0 - long_share) >= self.min_share
        return self

    def transform(self, X):
        check_is_fitted(self, "scaler_")
        X = validate_data(self, X, dtype=np.float64, reset=False)
        scaled = self.scaler_.transform(X)
        gate = self.gate(X) if self.banded_ else np.zeros(len(X))
        return np.hstack([scaled, scaled * gate[:, None]])

    def gate(self, X) -> np.ndarray:
        """0 for an article of at most low_words content words, 1 from high_words on, log-linear between."""
        low, high = np.log1p(self.low_words), np.log1p(self.high_words)
        length = np.asarray(X, dtype=np.float64)[:, self.length_column]
        return np.clip((length - low) / max(high - low, 1e-9), 0.0, 1.0)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "scaler_")
        if input_features is None:
            input_features = [f"x{i}" for i in range(self.n_features_in_)]
        names = [str(n) for n in input_features]
        return np.asarray(names + [f"{n}_long_article" for n in names], dtype=object)
