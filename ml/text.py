"""Text clean-up and the background word statistics a fresh install ships with (wordfreq).

Words are hashed into a fixed space so that words never seen in training (names, model codes) still
match between a comment and its article; background probabilities live in the same space.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

N_BUCKETS = 2**18
# wordfreq has no entry for most names and typos: treat them as rare, not impossible.
UNSEEN_WORD_PROBABILITY = 1e-8
URL_RE = re.compile(
    r"(?i)\b(?:https?://|www\.)[^\s<>\"']+|\b[a-z0-9-]+\.(?:com|net|org|ly|info|biz|co|io)\b[^\s<>\"']*"
)
DOMAIN_RE = re.compile(r"(?i)^(?:https?://)?(?:www\.)?([^/:?#\s]+)")
_TAG_RE = re.compile(r"<[^>]+>")
_HREF_RE = re.compile(r"(?i)<a\s[^>]*href=[\"']([^\"']+)[\"'][^>]*>(.*?)</a>")
_BR_RE = re.compile(r"(?i)<br\s*/?>")
TOKEN_PATTERN = r"(?u)\b[^\W_][\w']*[^\W_]\b"
_TOKEN_RE = re.compile(TOKEN_PATTERN)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | {"don't", "i'm", "it's", "that's", "can't", "didn't", "i've"})


def normalise(text: str) -> str:
    """Undo the HTML and byte-order marks scraped comments carry, keeping link targets visible."""
    text = text.replace("\ufeff", "")
    if "<" in text or "&" in text:
        text = _BR_RE.sub("\n", text)
        text = _HREF_RE.sub(
            lambda m: f"{m.group(2)} {m.group(1)}" if m.group(2) != m.group(1) else m.group(1), text
        )
        text = _TAG_RE.sub(" ", text)
        text = html.unescape(text)
    return text.strip()


def domains(text: str) -> list[str]:
    """Lower-cased host names of the links in a text."""
    found = []
    for url in URL_RE.findall(text):
        match = DOMAIN_RE.match(url)
        if match:
            found.append(match.group(1).lower().rstrip(".,)"))
    return found


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light suffix stripper: enough to match 'dealers' with 'dealer' and 'pricing' with 'price'."""
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


def content_words(text: str) -> list[str]:
    """Lower-cased, stemmed words of a text without stop words."""
    return [stem(word) for word in _TOKEN_RE.findall(text.lower()) if word not in STOP_WORDS]


def content_hasher() -> HashingVectorizer:
    """Counts of content words in the shared hashed space."""
    return HashingVectorizer(n_features=N_BUCKETS, analyzer=content_words, alternate_sign=False, norm=None)


@lru_cache(maxsize=1)
def background_probabilities() -> np.ndarray:
    """p(bucket) under wordfreq's English word frequencies, content words only, summing to 1."""
    import wordfreq

    frequencies = wordfreq.get_frequency_dict("en")
    words = list(frequencies)
    buckets = content_hasher().transform(words).tocoo()
    probabilities = np.zeros(N_BUCKETS)
    np.add.at(probabilities, buckets.col, np.asarray([frequencies[w] for w in words])[buckets.row])
    probabilities = np.maximum(probabilities, UNSEEN_WORD_PROBABILITY)
    probabilities.setflags(write=False)
    return probabilities / probabilities.sum()
