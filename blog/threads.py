"""Turn a page of comments into flat rows for the template.

Recursive template includes cost a template render per level and make the page's cost depend on the
thread's shape; a flat list of rows with an indent keeps rendering linear and the template simple.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

MAX_INDENT = 6


class ThreadComment(Protocol):
    pk: int
    parent_id: int | None
    created_at: object


@dataclass(frozen=True)
class ThreadRow:
    """One comment as displayed: how far it is indented and, when flattened, whom it answers."""

    comment: ThreadComment
    indent: int
    replying_to: ThreadComment | None = None
    # Set on the last row shown of a thread cut short: how many of its replies are on later pages.
    replies_not_shown: int = 0


def flatten_threads(
    root_ids: Sequence[int], comments: Iterable[ThreadComment], max_indent: int = MAX_INDENT
) -> list[ThreadRow]:
    """Rows for the threads in `root_ids` order, each thread depth-first with replies oldest first.

    A comment whose parent is not among `comments` (hidden from this viewer) is left out with its
    replies, so a removed comment takes its sub-thread with it.
    """
    by_id = {comment.pk: comment for comment in comments}
    children: dict[int, list[ThreadComment]] = defaultdict(list)
    for comment in by_id.values():
        if comment.parent_id is not None:
            children[comment.parent_id].append(comment)
    for replies in children.values():
        replies.sort(key=lambda c: (c.created_at, c.pk))
    rows: list[ThreadRow] = []
    for root_id in root_ids:
        if root_id in by_id:
            _walk(by_id[root_id], children, by_id, max_indent, rows)
    return rows


def cut_threads(rows: list[ThreadRow], rows_per_thread: int) -> list[ThreadRow]:
    """The first `rows_per_thread` rows of each thread; the last one kept says how many were left out.

    One busy thread must not make the article page render thousands of replies; the rest of it is
    paged on its own (see `thread_rows_page`).
    """
    kept: list[ThreadRow] = []
    shown_in_thread = 0
    for row in rows:
        shown_in_thread = 1 if row.indent == 0 else shown_in_thread + 1
        if shown_in_thread <= rows_per_thread:
            kept.append(row)
        else:
            last = kept[-1]
            kept[-1] = replace(last, replies_not_shown=last.replies_not_shown + 1)
    return kept


def _walk(
    root: ThreadComment,
    children: dict[int, list[ThreadComment]],
    by_id: dict[int, ThreadComment],
    max_indent: int,
    rows: list[ThreadRow],
) -> None:
    # An explicit stack, not recursion: a 5,000-deep reply chain must not hit Python's recursion limit.
    stack: list[tuple[ThreadComment, int]] = [(root, 0)]
    while stack:
        comment, depth = stack.pop()
        flattened = depth > max_indent
        replying_to = by_id.get(comment.parent_id) if flattened else None
        rows.append(ThreadRow(comment, min(depth, max_indent), replying_to))
        stack.extend((reply, depth + 1) for reply in reversed(children.get(comment.pk, ())))
