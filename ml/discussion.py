"""The discussion around a comment: the other comments under the same article.

A comment that takes up what other readers are saying is on topic even when it shares few words with
the article; a comment from another thread shares little with either. The discussion travels as one
text that includes the comment itself, so comments of one discussion share it (it is processed once
per batch) and the drift features subtract the comment's own words from it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from ml.text import normalise
from ml.types import CommentInput

# Discussions are cut into blocks of this many comments: a 5,000-comment thread stays cheap to score
# and every comment still sits in a block of its neighbours.
BLOCK_SIZE = 40
# Comments keep their own blank lines, so members are joined by a character no comment carries.
SEPARATOR = "\n\x1e\n"


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
                result[i] = replace(comments[i], discussion=text)
    return result


def discussion_text(comment_body: str, other_bodies: Sequence[str]) -> str:
    """A discussion text for a comment scored on its own (the worker): its neighbours, then itself."""
    if not other_bodies:
        return ""
    return SEPARATOR.join([*(normalise(body) for body in other_bodies), normalise(comment_body)])


def discussion_members(text: str) -> list[str]:
    """The comments a discussion text is made of (the comment being scored among them)."""
    return text.split(SEPARATOR) if text else []
