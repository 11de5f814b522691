"""Flattening a page of comments into display rows, without touching the database."""
from dataclasses import dataclass

from blog.threads import cut_threads, flatten_threads


@dataclass
class Note:
    pk: int
    parent_id: int | None
    created_at: int


def chain(length: int) -> list[Note]:
    return [Note(pk=i + 1, parent_id=i or None, created_at=i) for i in range(length)]


def test_replies_follow_their_parent_oldest_first():
    notes = [Note(1, None, 0), Note(3, 1, 5), Note(2, 1, 2), Note(4, 2, 3)]

    rows = flatten_threads([1], notes)

    assert [(r.comment.pk, r.indent) for r in rows] == [(1, 0), (2, 1), (4, 2), (3, 1)]


def test_threads_come_in_the_order_of_the_given_roots():
    notes = [Note(1, None, 0), Note(2, None, 1), Note(3, 1, 2)]

    assert [r.comment.pk for r in flatten_threads([2, 1], notes)] == [2, 1, 3]


def test_deep_replies_stay_at_level_six_and_name_their_parent():
    rows = flatten_threads([1], chain(9))

    assert [r.indent for r in rows] == [0, 1, 2, 3, 4, 5, 6, 6, 6]
    assert [r.replying_to.pk if r.replying_to else None for r in rows] == [None] * 7 + [7, 8]


def test_a_reply_whose_parent_is_hidden_is_left_out_with_its_replies():
    notes = [Note(1, None, 0), Note(3, 2, 1), Note(4, 3, 2), Note(5, 1, 3)]

    assert [r.comment.pk for r in flatten_threads([1], notes)] == [1, 5]


def test_a_very_deep_chain_does_not_hit_the_recursion_limit():
    rows = flatten_threads([1], chain(5000))

    assert len(rows) == 5000 and rows[-1].indent == 6


def test_a_long_thread_is_cut_and_its_last_row_counts_the_rest():
    notes = [Note(1, None, 0), *[Note(i, 1, i) for i in range(2, 8)], Note(20, None, 1), Note(21, 20, 2)]

    rows = cut_threads(flatten_threads([1, 20], notes), rows_per_thread=3)

    assert [(r.comment.pk, r.replies_not_shown) for r in rows] == [(1, 0), (2, 0), (3, 4), (20, 0), (21, 0)]
