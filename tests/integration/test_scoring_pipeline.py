"""End to end through a real Redis and a real Celery worker process (no eager mode)."""

from __future__ import annotations

import time

import pytest

from blog.models import Comment
from moderation import services
from moderation.models import AuditEntry, Review, ScoreRecord
from moderation.tasks import score_comment
from tests.blog.builders import make_article, make_reader
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article(db):
    return make_article(
        "alpine-us-dealers", title="Renault talks to AutoNation about selling Alpine in the US"
    )


@pytest.fixture
def alice(db):
    return make_reader("alice")


def post(article, author, body: str, parent: Comment | None = None) -> Comment:
    new = services.NewComment(article.pk, author.pk, body, parent.pk if parent else None)
    return services.submit_comment(new)


def decided(comment: Comment, timeout: float = 15.0) -> Comment:
    """Wait until the worker has moved the comment out of pending, and return it fresh."""
    pending = Comment.Status.PENDING
    wait_for(lambda: Comment.objects.filter(pk=comment.pk).exclude(status=pending).exists(), timeout=timeout)
    return Comment.objects.get(pk=comment.pk)


def test_clean_comment_is_scored_and_published(worker, article, alice):
    comment = decided(post(article, alice, "AutoNation has the service network an A110 owner needs."))
    assert comment.status == "published"
    assert ScoreRecord.objects.get(comment=comment).model_version == "tagged-1"


def test_spammy_comment_is_held_with_reasons(worker, article, alice):
    comment = decided(post(article, alice, "Cheap followers here [spam 0.8]"))
    assert comment.status == "held"
    assert Review.objects.get(comment=comment).codes == ["spam"]


def test_mildly_off_topic_reply_is_published_collapsed(worker, article, alice):
    comment = decided(post(article, alice, "I raced slot cars as a kid [drift 0.5]"))
    assert (comment.status, comment.collapsed) == ("published", True)


def test_comment_the_model_cannot_score_is_held_as_unscorable(worker, article, alice):
    comment = decided(post(article, alice, "This breaks the model [crash]"))
    assert comment.status == "held"
    assert Review.objects.get(comment=comment).codes == ["unscorable"]


def test_post_succeeds_while_redis_is_down_and_the_sweeper_scores_it_later(
    worker, redis_server, article, alice
):
    redis_server.stop()
    try:
        started = time.monotonic()
        comment = post(article, alice, "Posted while the broker was down.")
        took = time.monotonic() - started
        assert Comment.objects.get(pk=comment.pk).status == "pending"
        assert took < 3.0, f"posting blocked for {took:.1f} s with Redis down"
    finally:
        redis_server.start()
    # The queue died with Redis; only the beat sweeper (every 1 s, for comments pending 2 s) can find it.
    assert decided(comment, timeout=40).status == "published"
    assert ScoreRecord.objects.filter(comment=comment).count() == 1


def test_worker_survives_a_redis_restart_with_tasks_in_flight(worker, redis_server, article, alice):
    """The worker must ride out a broker restart, not exit.

    Under load, Celery 5.7 / kombu 5.7 sometimes exited at this point ("Unrecoverable error:
    AttributeError ... 'hostname'", while restoring unacknowledged messages), which bench/load.py
    --faults caught; pyproject.toml pins below 5.7. This test does not reproduce that race every time;
    it checks the worker stays up and scores what was in flight, queued and posted after.
    """
    body = "Thinking this over [slow 3]"
    waiting = [post(article, alice, body), post(article, alice, "Queued behind it [slow 1]")]
    wait_for(lambda: f"sleeping 3 s on: {body}" in worker.output(), timeout=10)
    redis_server.stop()
    redis_server.start()  # without persistence: the queued message is gone, the sweeper re-sends it
    after = post(article, alice, "Posted after the broker came back.")
    for comment in [*waiting, after]:
        assert decided(comment, timeout=40).status == "published"
    assert worker.process.poll() is None, worker.output()[-3000:]
    assert "Unrecoverable error" not in worker.output()


def test_worker_killed_mid_task_scores_the_comment_exactly_once_after_restart(worker, article, alice):
    body = "A slow one to score [slow 4]"
    comment = post(article, alice, body)
    wait_for(lambda: f"sleeping 4 s on: {body}" in worker.output(), timeout=10)
    worker.kill()
    assert Comment.objects.get(pk=comment.pk).status == "pending"
    worker.start()
    assert decided(comment, timeout=60).status == "published"
    time.sleep(6)  # let any redelivery of the killed task (visibility timeout 4 s) arrive and be ignored
    assert ScoreRecord.objects.filter(comment=comment).count() == 1
    assert AuditEntry.objects.filter(comment=comment).count() == 1


def test_late_duplicate_delivery_after_a_moderator_decision_changes_nothing(worker, article, alice):
    moderator = make_reader("mona")
    comment = decided(post(article, alice, "Held for a person [spam 0.8]"))
    services.reject(comment.pk, moderator, "spam", expected="held")
    duplicate = score_comment.delay(comment.pk)
    wait_for(lambda: f"{duplicate.id}] succeeded" in worker.output(), timeout=15)
    assert Comment.objects.get(pk=comment.pk).status == "rejected"
    assert ScoreRecord.objects.filter(comment=comment).count() == 1
    assert list(AuditEntry.objects.filter(comment=comment).values_list("action", flat=True)) == [
        "reject",
        "scored",
    ]
