"""Retrain, promote and roll back through a real worker: the admin's loop from decisions to scoring."""
from __future__ import annotations

import os

import pytest
from django.test import Client
from django.urls import reverse

from blog.models import Comment
from moderation import inputs, services
from moderation.models import ScoreRecord
from scoring import loading
from scoring.models import ModelVersion
from tests.blog.builders import make_article, make_reader
from tests.integration.conftest import Worker, _database_url, wait_for
from tests.ml.builders import OFF_TOPIC, ON_TOPIC_BATTERY, SPAM
from tests.moderation.builders import make_held, make_moderator
from tests.scoring.registry_builders import (
    live_while_a_worker_starts,
    make_model_manager,
    make_version,
    world_corpus,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
PROBE = "Ten minute charging is lovely, but will the cells survive a winter of fast charging?"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def real_worker(redis_server, django_db_setup, django_db_blocker, tmp_path_factory, model_dir):
    """A worker scoring with the registry's live model (not the tagged stand-in), retraining quickly."""
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": redis_server.url,
           "PITLANE_MODEL_DIR": str(model_dir), "PITLANE_RETRAIN_FOLDS": "2",
           "PITLANE_RETRAIN_WITH_SEED": "false",
           "PITLANE_SWEEP_EVERY": "1", "PITLANE_SWEEP_AFTER": "2", "DB_CONN_MAX_AGE": "0",
           "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    env.pop("PITLANE_SCORER", None)
    worker = Worker(env, tmp_path_factory.mktemp("model-worker"))
    with live_while_a_worker_starts(django_db_blocker, model_dir):  # so it trains no seed model
        worker.start()
    yield worker
    worker.kill()


def scored(article, author, body: str) -> ScoreRecord:
    comment = services.submit_comment(services.NewComment(article.pk, author.pk, body, None))
    wait_for(lambda: ScoreRecord.objects.filter(comment=comment).exists(), timeout=30)
    return ScoreRecord.objects.get(comment=comment)


def test_decisions_retrain_promote_and_roll_back(real_worker, model_dir, settings):
    settings.PITLANE_MODEL_DIR = model_dir
    article = make_article("solid-state", title="Solid-state batteries reach the prototype stage")
    alice, mona, maud = make_reader("alice"), make_moderator("mona"), make_model_manager("maud")
    live = make_version("narrow", model_dir / "live", live=True)
    world_corpus(model_dir)
    for body in ON_TOPIC_BATTERY:
        services.approve(make_held(article, alice, body).pk, mona)
    for body in OFF_TOPIC:
        services.reject(make_held(article, alice, body).pk, mona, "off_topic")
    for body in SPAM:
        services.reject(make_held(article, alice, body).pk, mona, "spam")
    before = scored(article, alice, PROBE)
    assert before.model_version == live.version

    admin = Client()
    admin.force_login(maud)
    admin.post(reverse("scoring:model_retrain"))
    candidate = ModelVersion.objects.exclude(pk=live.pk).get()
    finished = ModelVersion.objects.filter(pk=candidate.pk).exclude(status="training")
    wait_for(finished.exists, timeout=180, every=0.5)
    candidate.refresh_from_db()
    assert candidate.status == "ready", candidate.error
    page = admin.get(reverse("scoring:model_report", args=[candidate.pk])).content.decode()
    assert "PR-AUC" in page and "Held-out decisions" in page

    # Too few held-out decisions to judge: promoting from the page takes a reason.
    admin.post(reverse("scoring:model_promote", args=[candidate.pk]), {"override": "integration test"})
    promoted = scored(article, alice, PROBE)
    expected = loading.verified_load(candidate).score(
        inputs.comment_inputs([Comment.objects.get(pk=promoted.comment_id)]))[0]
    assert promoted.model_version == candidate.version
    assert promoted.spam_score == pytest.approx(expected.spam_score)
    assert promoted.drift_score == pytest.approx(expected.drift_score)

    admin.post(reverse("scoring:model_rollback"))
    restored = scored(article, alice, PROBE)
    assert restored.model_version == live.version
    # The discussion around the probe has grown since `before`, so compare with what the old model says
    # about the very same input: rollback must restore its behaviour exactly.
    old = loading.verified_load(live).score(
        inputs.comment_inputs([Comment.objects.get(pk=restored.comment_id)]))[0]
    assert (restored.spam_score, restored.drift_score) == (
        pytest.approx(old.spam_score, abs=1e-6), pytest.approx(old.drift_score, abs=1e-6))
