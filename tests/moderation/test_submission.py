"""Posting saves first and enqueues after commit; a dead broker never loses or fails a post."""

import pytest

from blog.models import Comment
from moderation import services
from tests.moderation.broker import point_app_at


@pytest.fixture
def dead_broker():
    """Point the Celery app at a port nobody listens on, for this test only."""
    previous = point_app_at("redis://127.0.0.1:1/0")
    yield
    point_app_at(previous)


def test_comment_is_saved_pending_and_enqueued_after_commit(
    article, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        comment = services.submit_comment(services.NewComment(article.pk, alice.pk, "Good numbers"))
    assert Comment.objects.get(pk=comment.pk).status == "pending"
    assert len(callbacks) == 1


def test_post_succeeds_and_stays_pending_when_the_broker_is_down(
    article, alice, dead_broker, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.submit_comment(services.NewComment(article.pk, alice.pk, "Good numbers"))
    assert Comment.objects.get(pk=comment.pk).status == "pending"
    assert "the sweeper will retry" in caplog.text


def test_publish_immediately_setting_skips_the_worker(
    article, alice, settings, django_capture_on_commit_callbacks
):
    settings.PITLANE_PUBLISH_IMMEDIATELY = True
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.submit_comment(services.NewComment(article.pk, alice.pk, "Good numbers"))
    assert Comment.objects.get(pk=comment.pk).status == "published"


def test_rejected_input_saves_nothing(article, alice):
    with pytest.raises(services.CommentRejected):
        services.submit_comment(services.NewComment(article.pk, alice.pk, "   "))
    assert not Comment.objects.exists()
