"""Reader text to safe HTML: escape everything, link bare web addresses, keep line breaks.

A regex over the raw text (escaping each piece as it is emitted) rather than Django's `urlize`,
because urlize also links e-mail addresses and bare domains and only knows rel="nofollow".
"""
from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from moderation.textnorm import display_host, strip_bidi

# Only http(s) and www. addresses; never another scheme. Not inside a word, e-mail or path.
URL_RE = re.compile(r"(?<![\w@/.:+-])(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
LINKABLE_RE = re.compile(r"(?:https?://|www\.)\w\S*", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?'\""
LINK_REL = "nofollow ugc noopener"
MAX_LINK_TEXT = 60


def render_comment_body(text: str) -> SafeString:
    """Paragraphs on blank lines, <br> on single newlines, every URL a nofollow link.

    Directional controls are dropped first: a right-to-left override would let a reader's text
    (or a link's label) show something other than what it says.
    """
    text = strip_bidi(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [p for p in re.split(r"\n{2,}", text) if p.strip()]
    html = "".join(f"<p>{'<br>'.join(_linkify(line) for line in p.split(chr(10)))}</p>" for p in paragraphs)
    # Safe: every piece of reader text above went through escape().
    return mark_safe(html)


def _linkify(line: str) -> str:
    pieces: list[str] = []
    position = 0
    for match in URL_RE.finditer(line):
        url, trailing = _split_trailing(match.group())
        if not LINKABLE_RE.fullmatch(url):
            continue
        pieces.append(escape(line[position : match.start()]))
        pieces.append(_link(url) + escape(trailing))
        position = match.end()
    pieces.append(escape(line[position:]))
    return "".join(pieces)


def _split_trailing(url: str) -> tuple[str, str]:
    """Sentence punctuation and an unbalanced closing bracket belong to the prose, not the link."""
    end = len(url)
    while end and (url[end - 1] in TRAILING_PUNCTUATION or _unbalanced_close(url, end)):
        end -= 1
    return url[:end], url[end:]


def _unbalanced_close(url: str, end: int) -> bool:
    return url[end - 1] == ")" and url.count("(", 0, end) < url.count(")", 0, end)


def _link(url: str) -> str:
    url = _ascii_host(url)
    href = url if url.lower().startswith(("http://", "https://")) else f"http://{url}"
    label = url if len(url) <= MAX_LINK_TEXT else url[: MAX_LINK_TEXT - 1] + "…"
    return f'<a href="{escape(href)}" rel="{LINK_REL}">{escape(label)}</a>'


def _ascii_host(url: str) -> str:
    """The URL with an internationalised host in punycode, so "аррӏе.com" cannot pass for apple.com."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        scheme, rest = "", url
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, path = rest[:cut], rest[cut:]
    userinfo, at, hostport = authority.rpartition("@")
    host, colon, port = hostport.partition(":")
    shown = f"{userinfo}{at}{display_host(host)}{colon}{port}"
    return f"{scheme}{separator}{shown}{path}"
