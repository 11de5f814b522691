"""Comment-only signals of spam: links and their domains, money and contact patterns, promotion, shouting.

Length is left out on purpose: our seed spam is longer than its ham, but 20 Newsgroups ham is longer
still, so a length weight learned from one corpus misfires on another. Length enters only as the
denominator of `promotion_per_word`: one "free" or one price in a long reply is car talk, in a
five-word comment it is a pitch.

Links are ordinary on car sites (manufacturers, parts retailers, forums, videos, photos), so a link is
never evidence on its own: a link to a domain never seen on this site counts only in a comment that
also pitches (promotion, a call to act, an offer, contact details; not a price, which is ordinary car
talk) or that is little but the link and shares no word with its article or parent.
Every other signal reads the comment with its links taken out, so digits in a link are no phone number.

Input is a 2-D array of texts whose last column is the comment; earlier columns are context whose
link domains count as "seen on this site", as do the domains of comments labelled ham in fit and the
site's own domains passed at scoring time (`count(X, site_domains)`: its published comments' domains
and the moderators' allow list).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from ml.spam_vocabulary import (
    HIDDEN_LINK_RE,
    PHOTO_LINK_RE,
    PROFILE_LINK_RE,
    REFERRAL_LINK_RE,
    SHORTENERS,
    VOCABULARY,
)
from ml.text import URL_RE, content_words, domains

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
# A comment that is little more than a link says nothing of its own: with an unseen domain, that is the
# second signal. A helpful reply with a retailer's page has words of its own around the link.
BARE_LINK_WORDS = 8
_LINK_PUNCTUATION_RE = re.compile(r"[/_?=&.+-]+")
FEATURE_NAMES = (
    "unseen_domain_links_in_a_pitch",
    "unseen_domain_links_bare",
    "profile_links",
    "shortened_or_hidden_links",
    "self_promotion",
    "calls_to_action",
    "offers",
    "money_patterns",
    "contact_patterns",
    "prices",
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
        return self.count(X)

    def count(self, X, site_domains: frozenset[str] = frozenset()) -> np.ndarray:
        """transform(X), with `site_domains` also counting as seen on this site."""
        check_is_fitted(self, "known_domains_")
        X = validate_data(self, X, dtype=None, ensure_2d=True, reset=False)
        known = self.known_domains_ | site_domains if site_domains else self.known_domains_
        rows = [
            self.signals(str(row[-1])[:SIGNAL_LIMIT], known, context=tuple(map(str, row[:-1]))) for row in X
        ]
        return np.asarray(rows, dtype=np.float64).reshape(-1, len(FEATURE_NAMES))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.asarray(FEATURE_NAMES, dtype=object)

    def signals(
        self, text: str, known: frozenset[str] | None = None, context: tuple[str, ...] = ()
    ) -> list[float]:
        """One row of FEATURE_NAMES for one comment; `context` is its article and parent."""
        urls = URL_RE.findall(text) if ("." in text or "/" in text) else []
        plain = without_links(text)
        # one space between words, as the word lists are written: comments wrap with runs of spaces
        lower = " ".join(plain.lower().split())
        found = Counter(match.lastgroup for match in _VOCABULARY_RE.finditer(lower))
        letters = sum(map(str.isalpha, plain))
        words = _WORD_RE.findall(lower)
        profiles = sum(bool(PROFILE_LINK_RE.search(url)) for url in urls)
        pitch = [
            found["self_promotion"] + profiles,
            found["calls_to_action"],
            found["offers"],
            found["money_patterns"],
            found["contact_patterns"] + _contact_details(plain),
        ]
        # prices are ordinary car talk ("$40 at the parts store"): they make no pitch of a link and are no
        # evidence of their own; the head weighs them as a signal beside the rest
        prices = len(_MONEY_RE.findall(plain))
        pitching = sum(pitch) > 0
        known = self.known_domains_ if known is None else known
        unseen = len(unseen_domains(_non_photo_domains(urls), known))
        bare = unseen and len(words) <= BARE_LINK_WORDS and not _on_the_subject(text, context)
        counts = [
            unseen if pitching else 0,
            unseen if bare else 0,
            profiles,
            sum(d in SHORTENERS for d in domains(" ".join(urls))) + len(HIDDEN_LINK_RE.findall(lower))
            + sum(bool(REFERRAL_LINK_RE.search(url)) for url in urls),
            *pitch,
            prices,
        ]
        return counts + [
            sum(map(str.isupper, plain)) / letters if letters >= 8 else 0.0,
            min(plain.count("!"), 10),
            _repeated_phrases(words),
            len(_EMOJI_RE.findall(plain)),
            sum(map(str.isdigit, plain)) / max(len(plain), 1),
            # promotion, money and contact patterns per word of the opening
            sum(pitch) / max(len(words), 1),
        ]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags


# Evidence a moderator can check in the text itself, in kinds: where links go, contact details, money,
# self-promotion. Calls to act count only through the links they pitch (a "go to" or "check it out" is
# ordinary advice); capitals, emoji and exclamation marks are style, not evidence.
EVIDENCE_KINDS = {
    "links": (
        "unseen_domain_links_in_a_pitch",
        "unseen_domain_links_bare",
        "profile_links",
        "shortened_or_hidden_links",
    ),
    "contact": ("contact_patterns",),
    "money": ("money_patterns",),
    "self_promotion": ("self_promotion",),
}
# A comment without such evidence scores at most STYLE_ONLY_CEILING: its style alone never marks it
# spam. One kind of evidence alone (an unknown link in a reply, "check out my channel") may hold it for
# a moderator, but scores at most SINGLE_EVIDENCE_CEILING, below the band where the policy rejects
# without one (moderation.policy, 0.97 by default): rejecting a reader unseen takes two kinds.
STYLE_ONLY_CEILING = 0.9
SINGLE_EVIDENCE_CEILING = 0.96


def evidence_kinds(signal_counts: np.ndarray) -> np.ndarray:
    """How many kinds of checkable evidence each row's signals hold (0 to len(EVIDENCE_KINDS))."""
    counts = np.asarray(signal_counts)
    present = [
        counts[:, [FEATURE_NAMES.index(name) for name in names]].sum(axis=1) > 0
        for names in EVIDENCE_KINDS.values()
    ]
    return np.sum(present, axis=0)


def with_evidence_ceilings(scores: np.ndarray, signal_counts: np.ndarray) -> np.ndarray:
    """Spam scores capped by the evidence behind them: style alone, or one kind of evidence alone."""
    kinds = evidence_kinds(signal_counts)
    ceiling = np.where(kinds == 0, STYLE_ONLY_CEILING, np.where(kinds == 1, SINGLE_EVIDENCE_CEILING, 1.0))
    return np.minimum(scores, ceiling)


def pattern_matches(text: str, *groups: str, limit: int = 3) -> list[str]:
    """The words of `groups` (VOCABULARY names; contact details also by pattern) found in a text, quoted."""
    plain = without_links(text)
    lower = " ".join(plain.lower().split())
    found = [m.group() for m in _VOCABULARY_RE.finditer(lower) if m.lastgroup in groups]
    if "contact_patterns" in groups:
        found += _EMAIL_RE.findall(plain) if "@" in plain else []
        found += [m for m in _PHONE_RE.findall(plain) if sum(c.isdigit() for c in m) >= 9]
    return [f"'{m}'" for m in dict.fromkeys(found)][:limit]


def _on_the_subject(text: str, context: tuple[str, ...]) -> bool:
    """Whether the comment, the words of its links included (a product page's slug names the part), shares
    a content word with its article or the comment it answers: a short reply with a link to the part
    under discussion is help, not a bare link."""
    words = set(content_words(_LINK_PUNCTUATION_RE.sub(" ", text)))
    return any(words & _context_words(part) for part in context if part)


@lru_cache(maxsize=256)
def _context_words(text: str) -> frozenset[str]:
    """An article's or parent's content words, once per context: a batch has many comments under each."""
    return frozenset(word for word in content_words(text) if len(word) >= 4)


def _non_photo_domains(urls: list[str]) -> list[str]:
    return [d for url in urls if not PHOTO_LINK_RE.search(url) for d in domains(url)]


def without_links(text: str) -> str:
    """The text with its links blanked out: what a link points at is judged by its domain alone."""
    if "." not in text and "/" not in text:
        return text
    # the domain of an e-mail address is part of a contact detail, not a link
    return URL_RE.sub(lambda m: m.group() if text[m.start() - 1 : m.start()] == "@" else " ", text)


def unseen_domains(links: list[str], known: frozenset[str]) -> list[str]:
    """Link domains neither seen on the site nor under a seen domain (i.imgur.com under imgur.com)."""
    return [d for d in links if not any(".".join(d.split(".")[i:]) in known for i in range(d.count(".")))]


def _contact_details(text: str) -> int:
    """E-mail addresses and phone numbers (nine digits or more)."""
    emails = len(_EMAIL_RE.findall(text)) if "@" in text else 0
    return emails + sum(sum(c.isdigit() for c in m) >= 9 for m in _PHONE_RE.findall(text))


def _repeated_phrases(words: list[str]) -> float:
    """Share of word trigrams seen before in the comment: copy-paste spam repeats, long prose rarely does."""
    trigrams = list(zip(words, words[1:], words[2:], strict=False))
    return 1 - len(set(trigrams)) / len(trigrams) if len(trigrams) >= 3 else 0.0
