"""Comment-only signals of spam: links and their domains, money and contact patterns, promotion, shouting.

Length is left out on purpose: our seed spam is longer than its ham, but 20 Newsgroups ham is longer
still, so a length weight learned from one corpus misfires on another. Length enters only as the
denominator of `promotion_per_word`: one "free" or one price in a long reply is car talk, in a
five-word comment it is a pitch.

Input is a 2-D array of texts whose last column is the comment; earlier columns are context whose
link domains count as "seen on this site", as do the domains of comments labelled ham in fit.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from ml.text import domains

# General promotion vocabulary in three groups, so the model weighs each on its own: a writer pointing
# at their own content, a call to act on a link or account, and an offer. Written by hand, not mined.
SELF_PROMOTION = (
    r"my (?:new |latest |first |own )?(?:channel|videos?|music|songs?|page|blog|website|site|profile|account"
    r"|shop|store|app|book|podcast|stream)",
    r"i (?:just )?(?:made|make|uploaded|started|created) (?:a|an|my)",
    r"sub4sub",
    r"subscribers",
    r"my (?:new |own |first |latest )?(?:raps?|remix(?:es)?|covers?|beats?|mixtape|band|tracks?|album"
    r"|vlogs?|art|drawings?|youtube|instagram|insta|twitter|facebook|soundcloud|twitch|tiktok)",
    r"i(?:'m|m| am) (?:a |an )?(?:new |young |upcoming |small |aspiring )?"
    r"(?:rapper|singer|producer|artist|youtuber|musician|dj)",
    r"(?:sub|follow|like)s? ?(?:4|for) ?(?:sub|follow|like)s?",
    r"f4f|l4l|s4s",
    r"road to \d+",
)
CALLS_TO_ACTION = (
    r"check (?:it |this |me |them )?out",
    r"check my",
    r"subscribe",
    r"sub (?:to )?(?:me|my)",
    r"follow (?:me|my|us)",
    r"search (?:for )?(?:me|my|us)|search \w+(?: \w+)? on (?:youtube|google|instagram|facebook|twitter)",
    r"give (?:me|my \w+|it) a (?:chance|try|listen|shot)",
    r"would (?:mean|be) (?:a lot|appreciated)",
    r"click",
    r"visit",
    r"(?:watch|listen to|look at|see) (?:my|our)",
    r"(?:take|have) a look",
    r"go to",
    r"sign up",
    r"register",
    r"download",
    r"join",
    r"(?:please )?share (?:this|it|my)",
    r"(?:like|upvote) (?:this|my) (?:comment|post|video)",
    r"thumbs up",
    r"please (?:like|help|support|give|check|subscribe|share|visit)",
    r"support (?:me|my|us)",
    r"link (?:below|above|in)",
)
OFFERS = (
    r"free",
    r"giveaway",
    r"win(?:ner)?",
    r"prizes?",
    r"promo(?:tion)? code",
    r"coupon",
    r"discount",
    r"offer",
    r"bonus",
    r"gift card",
    r"earn",
    r"cheap",
    r"limited time",
    r"buy now",
    r"order now",
)
# Link shorteners and spelled-out links hide where a link goes, which a real reader seldom needs to do.
SHORTENERS = frozenset(
    ("bit.ly", "goo.gl", "tinyurl.com", "t.co", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rb.gy", "tiny.cc")
)
_HIDDEN_LINK_RE = re.compile(
    r"\b(?:dot|\(dot\)|\[dot\]|\[\.\])\s?(?:com|net|org|info)\b|\bwww\s+[a-z0-9-]{3,}"
)


MONEY_WORDS = ("money", "cash", "paypal", "bitcoin", "crypto", "income", "profit", "investment", "loan")
CONTACT_WORDS = ("whatsapp", "telegram", "dm me", "call now", "contact us")
VOCABULARY = {
    "self_promotion": SELF_PROMOTION,
    "calls_to_action": CALLS_TO_ACTION,
    "offers": OFFERS,
    "money_patterns": MONEY_WORDS,
    "contact_patterns": CONTACT_WORDS,
}
# One pass over the lower-cased text for every word list: a separate case-insensitive pattern per list
# cost a profile's worth of scoring time on long posts.
_VOCABULARY_RE = re.compile(
    r"\b(?:" + "|".join(f"(?P<{name}>{'|'.join(words)})" for name, words in VOCABULARY.items()) + r")\b"
)
_MONEY_RE = re.compile(r"[$£€]\s?\d")
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_PHONE_RE = re.compile(r"\+?\d[\d ().-]{8,}\d")
_EMOJI_RE = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
_WORD_RE = re.compile(r"\w+")
# Spam shows itself early; counting only the opening keeps long posts from piling up weak evidence.
SIGNAL_LIMIT = 600
FEATURE_NAMES = (
    "links",
    "unseen_domain_links",
    "shortened_or_hidden_links",
    "self_promotion",
    "calls_to_action",
    "offers",
    "money_patterns",
    "contact_patterns",
    "shouting_ratio",
    "exclamations",
    "repetition",
    "emoji",
    "digit_ratio",
    "promotion_per_word",
)


class SpamSignals(TransformerMixin, BaseEstimator):
    """Counts of hand-chosen spam signals in the comment column.

    Parameters
    ----------
    ham_label : object, default=0
        The value of ``y`` that marks legitimate comments: domains linked from them are known ones.

    Attributes
    ----------
    known_domains_ : frozenset of str
        Domains seen in the context columns and in legitimate comments during fit; a link to one
        of them is no spam signal.
    n_features_in_ : int
        Number of text columns seen during fit.
    """

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
        lower = text.lower()
        found = Counter(match.lastgroup for match in _VOCABULARY_RE.finditer(lower))
        letters = sum(map(str.isalpha, text))
        words = _WORD_RE.findall(lower)
        counts = [
            len(links),
            sum(d not in self.known_domains_ for d in links),
            sum(d in SHORTENERS for d in links) + len(_HIDDEN_LINK_RE.findall(lower)),
            found["self_promotion"],
            found["calls_to_action"],
            found["offers"],
            found["money_patterns"] + len(_MONEY_RE.findall(text)),
            found["contact_patterns"] + _contact_details(text),
        ]
        return counts + [
            sum(map(str.isupper, text)) / letters if letters >= 8 else 0.0,
            min(text.count("!"), 10),
            _repeated_phrases(words),
            len(_EMOJI_RE.findall(text)),
            sum(map(str.isdigit, text)) / max(len(text), 1),
            # links and promotion, money and contact patterns per word of the opening
            (counts[0] + sum(counts[3:])) / max(len(words), 1),
        ]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags


def _contact_details(text: str) -> int:
    """E-mail addresses and phone numbers (nine digits or more)."""
    emails = len(_EMAIL_RE.findall(text)) if "@" in text else 0
    return emails + sum(sum(c.isdigit() for c in m) >= 9 for m in _PHONE_RE.findall(text))


def _repeated_phrases(words: list[str]) -> float:
    """Share of word trigrams seen before in the comment: copy-paste spam repeats, long prose rarely does."""
    trigrams = list(zip(words, words[1:], words[2:], strict=False))
    return 1 - len(set(trigrams)) / len(trigrams) if len(trigrams) >= 3 else 0.0
