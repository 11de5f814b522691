"""Comment-only signals of spam: links and their domains, money and contact patterns, promotion, shouting.

Length is left out on purpose: our seed spam is longer than its ham, but 20 Newsgroups ham is longer
still, so a length weight learned from one corpus misfires on another.

Input is a 2-D array of texts whose last column is the comment; earlier columns are context whose
link domains count as "seen on this site", as do the domains of comments labelled ham in fit.
"""

from __future__ import annotations

import re

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from ml.text import domains

PROMOTION_PHRASES = (
    "check out",
    "my channel",
    "subscribe",
    "sub4sub",
    "my video",
    "my page",
    "follow me",
    "click",
    "visit",
    "my website",
    "my blog",
    "please share",
    "like this comment",
    "thumbs up",
    "promo code",
    "discount",
    "free",
    "giveaway",
    "earn",
    "join",
)
_PROMOTION_RE = re.compile(r"(?i)\b(" + "|".join(re.escape(p) for p in PROMOTION_PHRASES) + r")")
_MONEY_RE = re.compile(
    r"(?i)[$£€]\s?\d|\b(money|cash|paypal|bitcoin|crypto|prize|income|profit|investment|loan)\b"
)
_CONTACT_RE = re.compile(r"(?i)[\w.+-]+@[\w-]+\.[\w.]+|\b(whatsapp|telegram|dm me|call now|contact us)\b")
_PHONE_RE = re.compile(r"\+?\d[\d ().-]{8,}\d")
_EMOJI_RE = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
_WORD_RE = re.compile(r"\w+")
_LETTER_RE = re.compile(r"[^\W\d_]")
_UPPER_RE = re.compile(r"[A-ZÀ-Þ]")
_DIGIT_RE = re.compile(r"\d")
# Spam shows itself early; counting only the opening keeps long posts from piling up weak evidence.
SIGNAL_LIMIT = 600
FEATURE_NAMES = (
    "links",
    "unseen_domain_links",
    "promotion_phrases",
    "money_patterns",
    "contact_patterns",
    "shouting_ratio",
    "exclamations",
    "repetition",
    "emoji",
    "digit_ratio",
)


class SpamSignals(TransformerMixin, BaseEstimator):
    """Counts of hand-chosen spam signals in the comment column."""

    def __init__(self, ham_label=0):
        self.ham_label = ham_label

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=None, ensure_2d=True)
        known = {d for value in X[:, :-1].ravel() for d in domains(str(value))}
        if y is not None:
            ham_rows = np.asarray(y) == self.ham_label
            known |= {d for value in X[ham_rows, -1] for d in domains(str(value))}
        self.known_domains_ = frozenset(known)
        return self

    def transform(self, X):
        check_is_fitted(self, "known_domains_")
        X = validate_data(self, X, dtype=None, ensure_2d=True, reset=False)
        rows = [self.signals(str(text)[:SIGNAL_LIMIT]) for text in X[:, -1]]
        return np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURE_NAMES))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.asarray(FEATURE_NAMES, dtype=object)

    def signals(self, text: str) -> list[float]:
        """One row of FEATURE_NAMES for one comment."""
        links = domains(text)
        letters = len(_LETTER_RE.findall(text))
        words = _WORD_RE.findall(text.lower())
        return [
            len(links),
            sum(d not in self.known_domains_ for d in links),
            len(_PROMOTION_RE.findall(text)),
            len(_MONEY_RE.findall(text)),
            len(_CONTACT_RE.findall(text))
            + sum(sum(c.isdigit() for c in m) >= 9 for m in _PHONE_RE.findall(text)),
            len(_UPPER_RE.findall(text)) / letters if letters >= 8 else 0.0,
            min(text.count("!"), 10),
            _repeated_phrases(words),
            len(_EMOJI_RE.findall(text)),
            len(_DIGIT_RE.findall(text)) / max(len(text), 1),
        ]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags


def _repeated_phrases(words: list[str]) -> float:
    """Share of word trigrams seen before in the comment: copy-paste spam repeats, long prose rarely does."""
    trigrams = list(zip(words, words[1:], words[2:], strict=False))
    return 1 - len(set(trigrams)) / len(trigrams) if len(trigrams) >= 3 else 0.0
