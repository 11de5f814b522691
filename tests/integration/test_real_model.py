"""The same pipeline with the real active model: a fresh model directory, so the worker trains the
bootstrap model from the seed corpus at start-up, then scores through `get_active_model`."""
from __future__ import annotations

import pytest

from blog.models import Comment
from moderation import services
from moderation.models import ScoreRecord
from tests.blog.builders import make_article, make_reader
from tests.integration.conftest import Worker, wait_for, worker_env

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
ARTICLE_BODY = (
    "Alpine delivered 4,328 cars in 2023, up 22.1% on the year before, and every one of them was an A110. "
    "Renault is in talks with AutoNation about selling the brand's coming electric crossovers in the US."
)


@pytest.fixture(scope="module")
def real_worker(redis_server, django_db_setup, tmp_path_factory):
    env = worker_env(redis_server.url)
    env.pop("PITLANE_SCORER")
    env["PITLANE_MODEL_DIR"] = str(tmp_path_factory.mktemp("models"))
    worker = Worker(env, tmp_path_factory.mktemp("real-worker"))
    worker.start(timeout=240)  # trains the bootstrap model before it reports ready
    yield worker
    worker.kill()


def test_posted_comments_are_scored_by_the_active_model_and_decided(real_worker):
    article = make_article("alpine-2023", title="Alpine's record 2023 rides on the A110", body=ARTICLE_BODY)
    alice = make_reader("alice")
    bodies = [
        "4,328 A110s is impressive for a one-model brand; AutoNation could give owners real service.",
        "CHECK OUT MY CHANNEL for free gift cards!!! http://free-cards.example.com subscribe now",
    ]
    comments = [services.submit_comment(services.NewComment(article.pk, alice.pk, body)) for body in bodies]
    ids = [comment.pk for comment in comments]
    wait_for(lambda: not Comment.objects.filter(pk__in=ids, status="pending").exists(), timeout=60)
    on_topic, spam = (Comment.objects.get(pk=pk) for pk in ids)
    assert on_topic.status == "published"
    assert spam.status in {"held", "spam"}
    assert ScoreRecord.objects.filter(comment__in=ids).count() == 2
