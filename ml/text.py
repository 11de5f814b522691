"""Text clean-up: HTML and byte-order marks, links and their domains, content words."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

URL_RE = re.compile(
    r"(?i)\b(?:https?://|www\.)[^\s<>\"'\[\]]+"
    r"|\b(?:[a-z0-9-]{1,63}\.){1,4}(?:com|net|org|ly|info|biz|co|io)\b[^\s<>\"'\[\]]*"
)  # bounded labels (a host name's are at most 63 characters): "a.a.a..." costs linear time, not quadratic
# a Markdown link "[raxles.com](http://raxles.com)" ends its host at the bracket
DOMAIN_RE = re.compile(r"(?i)^(?:https?://)?(?:www\.)?([^/:?#\s\[\]()]+)")
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
