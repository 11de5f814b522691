"""The scoring task's failure handling, called in-process (the real worker is in tests/integration)."""

import pytest

from blog.models import Comment
from moderation.models import Review
from moderation.tasks import score_comment
from tests.blog.builders import make_comment

pytestmark = pytest.mark.usefixtures("tagged_model")


@pytest.fixture
def as_last_retry():
    score_comment.push_request(retries=score_comment.max_retries)
    yield
    score_comment.pop_request()


def test_transient_failure_on_the_last_retry_holds_the_comment_as_unscorable(article, alice, as_last_retry):
    comment = make_comment(article, alice, "[fail]", status="pending")
    assert score_comment.run(comment.pk) == "held"
    assert Review.objects.get(comment=comment).codes == ["unscorable"]


def test_model_error_holds_the_comment_at_once(article, alice):
    comment = make_comment(article, alice, "[crash]", status="pending")
    assert score_comment(comment.pk) == "held"
    assert Comment.objects.get(pk=comment.pk).status == "held"


def test_task_for_an_already_decided_comment_does_nothing(article, alice):
    comment = make_comment(article, alice, "[crash]", status="rejected")
    assert score_comment(comment.pk) is None
    assert Comment.objects.get(pk=comment.pk).status == "rejected"


def test_score_task_is_safe_to_deliver_twice():
    assert score_comment.acks_late and score_comment.reject_on_worker_lost
    assert score_comment.soft_time_limit < score_comment.time_limit


def test_beat_sweeps_pending_comments_every_thirty_seconds(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-pending-comments"]
    assert entry["task"] == "moderation.tasks.sweep_pending"
    assert entry["schedule"] == 30.0
