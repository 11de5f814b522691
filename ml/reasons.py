"""Short, human-readable evidence behind a score, for the moderator queue."""

from __future__ import annotations

import numpy as np
from sklearn.pipeline import Pipeline

from ml.drift_features import ContextDriftFeatures
from ml.pipelines import COMMENT, PARENT
from ml.text import STOP_WORDS, content_words

TOP_PHRASES = 3


def spam_evidence(spam_head: Pipeline, X: np.ndarray) -> list[tuple[str, ...]]:
    """For each row: n-grams that pushed the spam score up most, then link and pattern counts."""
    features = spam_head.named_steps["features"]
    coefficients = spam_head.named_steps["classifier"].coef_.ravel()
    words = features.named_transformers_["words"]
    n_words = len(words.vocabulary_)
    vocabulary = _vocabulary(words)
    word_values = words.transform(X[:, COMMENT])
    signals = features.named_transformers_["signals"].named_steps["count"]
    return [
        _phrases(word_values[i], coefficients[:n_words], vocabulary) + _signal_reasons(signals, X[i, COMMENT])
        for i in range(len(X))
    ]


def _vocabulary(words) -> np.ndarray:
    """Feature names by column, built once per fitted vectoriser (60,000 strings are not free)."""
    if not hasattr(words, "_pitlane_vocabulary"):
        words._pitlane_vocabulary = words.get_feature_names_out()
    return words._pitlane_vocabulary


def _phrases(row, coefficients: np.ndarray, vocabulary: np.ndarray) -> tuple[str, ...]:
    contributions = row.data * coefficients[row.indices]
    order = [k for k in np.argsort(-contributions) if _telling(vocabulary[row.indices[k]])][:TOP_PHRASES]
    phrases = [f"'{vocabulary[row.indices[k]]}'" for k in order if contributions[k] > 0]
    return (f"phrases typical of spam: {', '.join(phrases)}",) if phrases else ()


def _telling(phrase: str) -> bool:
    """A phrase worth showing has a word that is not a stop word."""
    return any(word not in STOP_WORDS and len(word) > 2 for word in phrase.split())


def _signal_reasons(signals, text: str) -> tuple[str, ...]:
    values = dict(zip(signals.get_feature_names_out(), signals.signals(text), strict=True))
    reasons = []
    if values["unseen_domain_links"]:
        reasons.append(f"{int(values['unseen_domain_links'])} link(s) to domains never seen on this site")
    elif values["links"]:
        reasons.append(f"{int(values['links'])} link(s)")
    if values["money_patterns"]:
        reasons.append("mentions money or prizes")
    if values["contact_patterns"]:
        reasons.append("asks to be contacted off-site")
    if values["shouting_ratio"] > 0.6:
        reasons.append(f"{values['shouting_ratio']:.0%} capital letters")
    return tuple(reasons)


def drift_evidence(pairs: ContextDriftFeatures, features: np.ndarray, row: np.ndarray) -> tuple[str, ...]:
    """Overlap with the article, the parent and the discussion, in words a moderator can check."""
    names = list(pairs.get_feature_names_out())
    comment = set(content_words(row[COMMENT]))
    shared = len(comment & set(content_words(row[0])))
    cosine = features[names.index("primary_cosine")]
    reasons = [f"shares {shared} of {len(comment)} content words with the article (cosine {cosine:.2f})"]
    if row[PARENT]:
        parent_shared = len(comment & set(content_words(row[PARENT])))
        reasons.append(f"shares {parent_shared} of {len(comment)} content words with the comment it answers")
    if "discussion_cosine" in names and features[names.index("has_discussion")]:
        reasons.append(
            f"little in common with the other comments under the article "
            f"(cosine {features[names.index('discussion_cosine')]:.2f})"
        )
    return tuple(reasons)
