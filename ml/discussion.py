"""The discussion around a comment: the other comments under the same article.

A comment that takes up what other readers are saying is on topic even when it shares few words with
the article; a comment from another thread shares little with either. The discussion travels as one
text that includes the comment itself, so comments of one discussion share it (it is processed once
per batch) and the drift features subtract the comment's own words from it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from ml.text import normalise
from ml.types import CommentInput

# Discussions are cut into blocks of this many comments: a 5,000-comment thread stays cheap to score
# and every comment still sits in a block of its neighbours.
BLOCK_SIZE = 40
# Comments keep their own blank lines, so members are joined by a character no comment carries.
SEPARATOR = "\n\x1e\n"
# Two texts whose character 5-gram sets overlap this much (Jaccard) are one text posted twice, give or
# take a word, a typo or punctuation: a copy lends its original no evidence of being on topic.
NEAR_COPY_JACCARD = 0.7
SHINGLE = 5
_NON_WORD_RE = re.compile(r"[\W_]+")


def with_discussions(comments: Sequence[CommentInput]) -> list[CommentInput]:
    """Give each comment without a discussion the other comments of the batch under the same article.

    Comments are grouped by article (title and body) in input order and cut into blocks of
    BLOCK_SIZE; a comment alone under its article gets no discussion.
    """
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, comment in enumerate(comments):
        if not comment.discussion:
            groups[(comment.article_title, comment.article_body)].append(index)
    result = list(comments)
    for members in groups.values():
        for start in range(0, len(members), BLOCK_SIZE):
            block = members[start : start + BLOCK_SIZE]
            if len(block) < 2:
                continue
            text = SEPARATOR.join(normalise(comments[i].body) for i in block)
            for i in block:
                copies = [j for j in block if j != i and near_copy(comments[i].body, comments[j].body)]
                own = text if not copies else _without(comments, block, copies)
                result[i] = replace(comments[i], discussion=own)
    return result


def _without(comments: Sequence[CommentInput], block: list[int], left_out: list[int]) -> str:
    """The block's discussion text without the given members (a comment's near-copies)."""
    return SEPARATOR.join(normalise(comments[j].body) for j in block if j not in left_out)


def near_copy(first: str, second: str) -> bool:
    """Whether two comments are the same text posted twice (case, punctuation and small edits aside)."""
    a, b = shingles(first), shingles(second)
    if not a or not b or min(len(a), len(b)) < NEAR_COPY_JACCARD * max(len(a), len(b)):
        return False  # sizes alone rule most pairs out before any set is intersected
    return len(a & b) / len(a | b) >= NEAR_COPY_JACCARD


@lru_cache(maxsize=4096)
def shingles(text: str) -> frozenset[str]:
    """Character 5-grams of the text with case, punctuation and spacing ignored."""
    flat = _NON_WORD_RE.sub(" ", normalise(text).lower()).strip()
    if not flat:
        return frozenset()
    return frozenset(flat[i : i + SHINGLE] for i in range(max(len(flat) - SHINGLE + 1, 1)))


def discussion_text(comment_body: str, other_bodies: Sequence[str]) -> str:
    """A discussion text for a comment scored on its own (the worker): its neighbours, then itself.

    Neighbours that are near-copies of the comment are left out: an approved copy of an off-topic
    comment must not make the next copy look like part of the conversation.
    """
    others = [normalise(body) for body in other_bodies if not near_copy(comment_body, body)]
    if not others:
        return ""
    return SEPARATOR.join([*others, normalise(comment_body)])


def discussion_members(text: str) -> list[str]:
    """The comments a discussion text is made of (the comment being scored among them)."""
    return text.split(SEPARATOR) if text else []


def chain_text(parent: str, grandparent: str = "", subthread: Sequence[str] = ()) -> str:
    """A reply's chain as one text: its parent, then the grandparent, then the rest of its sub-thread.

    A plain parent stays as it is, so a chain of one reads like the parent alone everywhere.
    """
    if not grandparent and not subthread:
        return parent
    return SEPARATOR.join([parent, grandparent, *subthread])


def chain_parts(text: str) -> tuple[str, str, list[str]]:
    """The parent, the grandparent and the other sub-thread comments a chain text is made of."""
    parts = text.split(SEPARATOR) if text else []
    parent = parts[0] if parts else ""
    grandparent = parts[1] if len(parts) > 1 else ""
    return parent, grandparent, [p for p in parts[2:] if p]
