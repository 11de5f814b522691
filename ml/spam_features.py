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

from ml.text import URL_RE, content_words, domains

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
# Links whose kind says what they are for: a writer's own profile, channel or fundraiser is promotion
# wherever it is posted; a photo is how readers show a part or a fault.
PROFILE_LINK_RE = re.compile(
    r"(?i)(?:facebook\.com|twitter\.com|x\.com|instagram\.com|tiktok\.com|twitch\.tv|soundcloud\.com"
    r"|reverbnation\.com|youtube\.com/(?:channel|user|c)/|gofundme\.com|indiegogo\.com|kickstarter\.com"
    r"|change\.org|avaaz\.org|patreon\.com|teespring\.com)"
)
PHOTO_LINK_RE = re.compile(r"(?i)(?:\.(?:jpe?g|png|gif|gifv|webp)\b|imgur\.com|redd\.it|giphy\.com)")
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
        lower = plain.lower()
        found = Counter(match.lastgroup for match in _VOCABULARY_RE.finditer(lower))
        letters = sum(map(str.isalpha, plain))
        words = _WORD_RE.findall(lower)
        profiles = sum(bool(PROFILE_LINK_RE.search(url)) for url in urls)
        pitch = [
            found["self_promotion"] + profiles,
            found["calls_to_action"],
            found["offers"],
            found["money_patterns"] + len(_MONEY_RE.findall(plain)),
            found["contact_patterns"] + _contact_details(plain),
        ]
        # prices are ordinary car talk ("$40 at the parts store"): money alone makes no pitch of a link
        pitching = sum(pitch) - pitch[3] > 0
        known = self.known_domains_ if known is None else known
        unseen = len(unseen_domains(_non_photo_domains(urls), known))
        bare = unseen and len(words) <= BARE_LINK_WORDS and not _on_the_subject(text, context)
        counts = [
            unseen if pitching else 0,
            unseen if bare else 0,
            profiles,
            sum(d in SHORTENERS for d in domains(" ".join(urls))) + len(_HIDDEN_LINK_RE.findall(lower)),
            *pitch,
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


# Signals a moderator can check in the text itself: links and where they go, contact details, money,
# self-promotion and calls to act. Capitals, emoji and exclamation marks are style, not evidence.
EVIDENCE = (
    "unseen_domain_links_in_a_pitch",
    "unseen_domain_links_bare",
    "profile_links",
    "shortened_or_hidden_links",
    "self_promotion",
    "calls_to_action",
    "money_patterns",
    "contact_patterns",
)
# A comment without such evidence scores at most this: its style alone may hold it for a moderator, but
# never puts it in a band where the policy rejects without one (moderation.policy, 0.97 by default).
STYLE_ONLY_CEILING = 0.9


def with_style_only_ceiling(scores: np.ndarray, signal_counts: np.ndarray) -> np.ndarray:
    """Spam scores with the ceiling applied to the rows whose signals hold no checkable evidence."""
    columns = [FEATURE_NAMES.index(name) for name in EVIDENCE]
    evidence = np.asarray(signal_counts)[:, columns].sum(axis=1) > 0
    return np.where(evidence, scores, np.minimum(scores, STYLE_ONLY_CEILING))


def pattern_matches(text: str, *groups: str, limit: int = 3) -> list[str]:
    """The words of `groups` (VOCABULARY names; money and contact also by pattern) found in a text, quoted."""
    plain = without_links(text)
    found = [m.group() for m in _VOCABULARY_RE.finditer(plain.lower()) if m.lastgroup in groups]
    if "money_patterns" in groups:
        found += _MONEY_RE.findall(plain)
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
