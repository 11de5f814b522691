"""How a scoring task gathers its batch: its own comment first, never a comment another worker holds."""

from __future__ import annotations

import os
import threading
import time

import pytest
from django.db import connection, transaction

from blog.models import Comment
from moderation import worker
from moderation.models import AuditEntry, ScoreRecord
from tests.blog.builders import make_article, make_comment

pytestmark = pytest.mark.usefixtures("tagged_model")


def _pending(article, author, count: int) -> list[Comment]:
    bodies = [f"Pending comment {i} about the dealer network" for i in range(count)]
    return [make_comment(article, author, body, status="pending") for body in bodies]


@pytest.mark.django_db
def test_batch_starts_with_the_tasks_own_comment_then_the_oldest_pending(article, alice, settings):
    settings.PITLANE_SCORE_BATCH = 3
    first, second, third, fourth = _pending(article, alice, 4)
    batch = worker._claim_batch(fourth.pk)
    assert [c.pk for c in batch] == [fourth.pk, first.pk, second.pk]
    assert all(c.article.title == article.title for c in batch)


@pytest.mark.django_db
def test_one_task_decides_its_whole_batch_and_the_others_find_nothing_to_do(article, alice, settings):
    settings.PITLANE_SCORE_BATCH = 64
    comments = _pending(article, alice, 5)
    assert worker.score_pending(comments[2].pk) == "published"
    assert not Comment.objects.filter(status="pending").exists()
    assert [worker.score_pending(c.pk) for c in comments] == [None] * 5
    assert ScoreRecord.objects.count() == 5


@pytest.mark.django_db
def test_a_decided_comment_is_not_scored_again(article, alice):
    decided = make_comment(article, alice, "Already published", status="published")
    assert worker.score_pending(decided.pk) is None
    assert not ScoreRecord.objects.filter(comment=decided).exists()


def _needs_row_locks() -> None:
    if connection.features.has_select_for_update_skip_locked:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI runs the suite on PostgreSQL; this test needs its row locks")
    pytest.skip("SQLite has no row locks; run with DATABASE_URL=postgres://... to cover this")


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_claim_the_same_comment(article, alice, settings):
    _needs_row_locks()
    settings.PITLANE_SCORE_BATCH = 2
    first, second, third = _pending(article, alice, 3)
    claimed, release = threading.Event(), threading.Event()
    held: list[int] = []

    def other_worker() -> None:
        try:
            with transaction.atomic():
                held.extend(c.pk for c in worker._claim_batch(first.pk))
                claimed.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert claimed.wait(10)
        assert held == [first.pk, second.pk]
        with transaction.atomic():
            assert worker._claim_batch(second.pk) == []
            assert [c.pk for c in worker._claim_batch(third.pk)] == [third.pk]
    finally:
        release.set()
        thread.join(10)


@pytest.mark.django_db
def test_deliveries_for_comments_this_process_decided_need_no_query(
    article, alice, django_assert_num_queries
):
    comments = _pending(article, alice, 3)
    worker.score_pending(comments[0].pk)
    with django_assert_num_queries(0):
        assert [worker.score_pending(c.pk) for c in comments] == [None] * 3


@pytest.mark.django_db
def test_a_comment_decided_elsewhere_costs_one_query(article, alice, django_assert_num_queries):
    decided = make_comment(article, alice, "Published by a moderator", status="published")
    with django_assert_num_queries(1):
        assert worker.score_pending(decided.pk) is None


@pytest.mark.django_db
def test_score_now_decides_its_comment_with_the_others_waiting(article, alice):
    own, waiting = _pending(article, alice, 2)
    assert worker.score_now(waiting.pk) == "published"
    assert not Comment.objects.filter(status="pending").exists()
    assert ScoreRecord.objects.filter(comment=own).count() == 1


@pytest.mark.django_db(transaction=True)
def test_score_now_waits_for_the_batch_holding_its_comment_instead_of_scoring_it_twice(article, alice):
    _needs_row_locks()
    slow = make_comment(article, alice, "Worth the wait [slow 1.5]", status="pending")
    held = make_comment(article, alice, "Claimed with the slow one", status="pending")

    def other_call() -> None:
        try:
            worker.score_pending(slow.pk)  # claims both, then the model takes 1.5 s on the first
        finally:
            connection.close()

    thread = threading.Thread(target=other_call)
    thread.start()
    try:
        time.sleep(0.5)
        assert worker.score_now(held.pk) is None  # returned once the other batch had decided it
        assert Comment.objects.get(pk=held.pk).status == "published"
        assert ScoreRecord.objects.filter(comment=held).count() == 1
    finally:
        thread.join(10)


@pytest.mark.django_db
def test_comments_under_an_article_without_text_are_scored_for_spam_only(alice):
    article = make_article("known-only-by-url", body="")
    comment = make_comment(article, alice, "About my cat [drift 0.9]", status="pending")
    assert worker.score_pending(comment.pk) == "published"
    assert ScoreRecord.objects.get(comment=comment).drift_score == 0.0


@pytest.mark.django_db(transaction=True)
def test_checks_arriving_while_a_batch_is_scored_are_decided_together_in_the_next(article, alice):
    first = make_comment(article, alice, "First in [slow 1]", status="pending")
    decided: dict[int, str | None] = {}

    def check(comment: Comment) -> None:
        try:
            decided[comment.pk] = worker.score_now(comment.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=check, args=(first,))]
    threads[0].start()
    time.sleep(0.3)  # the first batch is being scored
    arrivals = _pending(article, alice, 3)
    threads += [threading.Thread(target=check, args=(comment,)) for comment in arrivals]
    for thread in threads[1:]:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert decided[first.pk] == "published"
    assert sorted(str(decided[c.pk]) for c in arrivals) == ["None", "None", "published"]  # one scorer
    batches = AuditEntry.objects.filter(comment__in=arrivals).values("created_at").distinct().count()
    assert batches == 1
    assert ScoreRecord.objects.count() == 4
