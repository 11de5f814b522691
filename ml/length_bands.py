"""Standardised drift features, each also read again for comments under long and under thin articles.

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

A third set does the same for thin contexts: a gate that rises from 0 at `thin_fade_words` to 1 at
`thin_words` content words and below (a video title, a one-line post). Under such a context a comment
shares next to nothing with its article whatever it says, and similarity is no evidence of drift;
YouTube ham, fitted with forum posts of 15-40 words on one weight vector, pulled that vector towards
"low similarity is fine". Inner folds (bench/drift_inner.py): ROC-AUC with discussions 0.912 -> 0.919
alone, 0.916 -> 0.925 with the members' article cosines (ml.discussion_stats).

The gates are bounded: unlike the degree-2 products rejected in `drift_head`, they cannot extrapolate
beyond the base weights plus bounded corrections.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data


class ArticleLengthBands(TransformerMixin, BaseEstimator):
    """StandardScaler, then [scaled, scaled * long-article gate, scaled * thin-article gate].

    Parameters
    ----------
    length_column : int, default=0
        The input column holding log1p(content words of the article).
    low_words, high_words : float, default=30.0, 100.0
        The long-article gate is 0 up to ``low_words`` content words and 1 from ``high_words``
        on, log-linear between.
    min_share : float, default=0.1
        A gate is used only when at least this share of training rows sits on each side of it.
    thin_words, thin_fade_words : float, default=12.0, 20.0
        The thin-article gate is 1 up to ``thin_words`` content words and 0 from
        ``thin_fade_words`` on.

    Attributes
    ----------
    scaler_ : StandardScaler
        The scaler fitted on the training rows.
    banded_ : bool
        Whether the long-article gate splits the training rows (else its block is zeros).
    thin_banded_ : bool
        Whether the thin-article gate splits the training rows (else its block is zeros).
    n_features_in_ : int
        Number of columns seen during fit.
    """

    def __init__(
        self,
        length_column: int = 0,
        low_words: float = 30.0,
        high_words: float = 100.0,
        min_share: float = 0.1,
        thin_words: float = 12.0,
        thin_fade_words: float = 20.0,
    ):
        self.length_column = length_column
        self.low_words = low_words
        self.high_words = high_words
        self.min_share = min_share
        self.thin_words = thin_words
        self.thin_fade_words = thin_fade_words

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=np.float64)
        self.scaler_ = StandardScaler().fit(X)
        self.banded_ = self._splits(self.gate(X))
        self.thin_banded_ = self._splits(self.thin_gate(X))
        return self

    def _splits(self, gate: np.ndarray) -> bool:
        """Whether enough training rows sit on each side of a gate's middle to learn its weights."""
        share = float(np.mean(gate >= 0.5)) if len(gate) else 0.0
        return min(share, 1.0 - share) >= self.min_share

    def transform(self, X):
        check_is_fitted(self, "scaler_")
        X = validate_data(self, X, dtype=np.float64, reset=False)
        scaled = self.scaler_.transform(X)
        gate = self.gate(X) if self.banded_ else np.zeros(len(X))
        thin = self.thin_gate(X) if self.thin_banded_ else np.zeros(len(X))
        return np.hstack([scaled, scaled * gate[:, None], scaled * thin[:, None]])

    def gate(self, X) -> np.ndarray:
        """0 for an article of at most low_words content words, 1 from high_words on, log-linear between."""
        low, high = np.log1p(self.low_words), np.log1p(self.high_words)
        length = np.asarray(X, dtype=np.float64)[:, self.length_column]
        return np.clip((length - low) / max(high - low, 1e-9), 0.0, 1.0)

    def thin_gate(self, X) -> np.ndarray:
        """1 for an article of at most thin_words content words, 0 from thin_fade_words on."""
        low, high = np.log1p(self.thin_words), np.log1p(self.thin_fade_words)
        length = np.asarray(X, dtype=np.float64)[:, self.length_column]
        return np.clip((high - length) / max(high - low, 1e-9), 0.0, 1.0)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "scaler_")
        if input_features is None:
            input_features = [f"x{i}" for i in range(self.n_features_in_)]
        names = [str(n) for n in input_features]
        banded = [f"{n}_long_article" for n in names] + [f"{n}_thin_article" for n in names]
        return np.asarray(names + banded, dtype=object)
