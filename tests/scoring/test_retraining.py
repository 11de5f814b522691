"""Retraining from moderators' decisions: labels, the candidate and its report, failures that say why."""
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from blog.models import Comment
from moderation import services
from moderation.models import AuditEntry
from scoring import labels, loading, retraining
from scoring.models import ModelAuditEntry, ModelVersion
from tests.blog.builders import make_comment
from tests.ml.builders import OFF_TOPIC, ON_TOPIC_BATTERY, SPAM
from tests.moderation.builders import make_held
from tests.scoring.registry_builders import make_version, world_corpus


@pytest.fixture(autouse=True)
def quick_training(settings, models_home):
    settings.PITLANE_RETRAIN_FOLDS = 2
    settings.PITLANE_RETRAIN_WITH_SEED = False


@pytest.fixture
def live(db, tmp_path):
    return make_version("narrow", tmp_path / "models" / "narrow", live=True)


def decide(article, author, moderator, body: str, action: str, reason: str = "", minutes: int = 0) -> Comment:
    comment = make_held(article, author, body)
    if action == "approve":
        services.approve(comment.pk, moderator)
    elif action == "spam_ban":
        services.mark_spam_and_ban(comment.pk, moderator)
    else:
        services.reject(comment.pk, moderator, reason, "")
    AuditEntry.objects.filter(comment=comment, actor=moderator).update(
        created_at=timezone.now() - timedelta(minutes=100 - minutes))
    return comment


@pytest.mark.parametrize(("action", "reason", "label"), [
    ("approve", "", "ham"), ("reject", "spam", "spam"), ("reject", "off_topic", "off_topic"),
    ("spam_ban", "", "spam"), ("reject", "abusive", None), ("reject", "other", None), ("scored", "", None),
])
def test_moderator_actions_imply_training_labels(action, reason, label):
    assert labels.decision_label(action, reason) == label


def test_only_a_persons_latest_labelling_decision_counts(article, alice, moderator):
    comment = decide(article, alice, moderator, OFF_TOPIC[0], "approve", minutes=1)
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.HELD)
    services.reject(comment.pk, moderator, "off_topic", "")
    make_comment(article, alice, "published by the model, never decided by a person", status="published")
    decisions = retraining.moderator_decisions()
    assert [(d.ref, d.example.label) for d in decisions] == [(str(comment.pk), "off_topic")]
    assert decisions[0].example.comment.article_title == article.title


def test_retrain_produces_a_ready_candidate_with_a_readable_report(live, article, alice, moderator, tmp_path):
    world_corpus(tmp_path)
    for minute, body in enumerate(ON_TOPIC_BATTERY):
        decide(article, alice, moderator, body, "approve", minutes=minute)
    for minute, body in enumerate(SPAM, start=10):
        decide(article, alice, moderator, body, "spam_ban", minutes=minute)
    row = retraining.run_retrain(retraining.request_retrain(moderator, enqueue=False).pk)
    assert (row.status, row.progress, row.error) == ("ready", 100, "")
    assert row.report["rows"] == 2 and set(row.report["models"]) == {"candidate", "live"}
    assert row.report["models"]["live"]["version"] == live.version
    # The last week's comments (the eight decided ones), as each model's verdicts would hold them.
    assert row.report["traffic"]["comments"] == 8
    assert set(row.report["traffic"]["held_share"]) == {"candidate", "live"}
    assert row.training_summary["train"]["sources"]["decision"] == 6
    assert json.loads((Path(row.directory) / "report.json").read_text()) == row.report
    assert (Path(row.directory) / "plots" / "histogram_spam.png").is_file()
    assert loading.verified_load(row).version == row.version


def test_retrain_without_both_labels_fails_and_says_why(live, moderator):
    row = retraining.run_retrain(retraining.request_retrain(moderator, enqueue=False).pk)
    assert row.status == "failed"
    assert "training data needs examples labelled 'spam'" in row.error
    assert registry_live_is(live)


def test_a_finished_retrain_is_not_run_again(live, moderator):
    row = ModelVersion.objects.create(status=ModelVersion.Status.READY, version="done")
    assert retraining.run_retrain(row.pk) is None


def test_a_second_retrain_request_while_one_runs_returns_the_running_one(db, moderator):
    first = retraining.request_retrain(moderator, enqueue=False)
    assert retraining.request_retrain(moderator, enqueue=False).pk == first.pk
    assert ModelAuditEntry.objects.filter(action="retrain").count() == 1


def test_retrain_request_enqueues_the_task_after_commit(db, moderator, django_capture_on_commit_callbacks,
                                                         monkeypatch):
    sent = sent_to_the_worker(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        row = retraining.request_retrain(moderator)
    assert sent == [row.pk]


def sent_to_the_worker(monkeypatch) -> list[int]:
    """The ids the retrain task is sent with, instead of sending them to a broker."""
    sent: list[int] = []
    monkeypatch.setattr("scoring.tasks.retrain_model.apply_async",
                        lambda args, kwargs=None, **options: sent.append(args[0]))
    return sent


def registry_live_is(row: ModelVersion) -> bool:
    return ModelVersion.objects.get(is_active=True).pk == row.pk


def test_train_model_command_without_out_proposes_a_candidate_and_never_promotes(live, tmp_path):
    world_corpus(tmp_path)
    out = io.StringIO()
    call_command("train_model", stdout=out, verbosity=0)
    candidate = ModelVersion.objects.exclude(pk=live.pk).get()
    assert candidate.status == "ready" and f"candidate #{candidate.pk}" in out.getvalue()
    assert registry_live_is(live)


def test_retrain_model_command_can_leave_the_training_to_the_worker(db, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    sent = sent_to_the_worker(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("retrain_model", "--enqueue", stdout=io.StringIO())
    assert sent == [ModelVersion.objects.get().pk]


def test_weekly_retrain_only_proposes_a_candidate(live, monkeypatch, django_capture_on_commit_callbacks):
    from scoring.tasks import propose_weekly_retrain

    sent = sent_to_the_worker(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        proposed = propose_weekly_retrain()
    assert sent == [proposed]
    assert ModelVersion.objects.get(pk=proposed).note.startswith("weekly retrain")
    assert registry_live_is(live)


def test_labels_from_the_needs_a_label_lane_are_marked_in_the_training_set(live, article, alice, moderator):
    for number, body in enumerate(ON_TOPIC_BATTERY + SPAM):
        comment = make_held(article, alice, body)
        if number % 2:  # every other comment waits in the lane when the moderator decides it
            services.want_labels([comment.pk], "unsure")
        if body in ON_TOPIC_BATTERY:
            services.approve(comment.pk, moderator)
        else:
            services.reject(comment.pk, moderator, "spam")
    kinds = {d.example.kind for d in retraining.moderator_decisions()}
    assert kinds == {"ham", "spam", retraining.NEEDS_LABEL}
    summary = retraining.training_set().summary
    assert summary["train"]["needs_label"] + summary["holdout"]["needs_label"] == 4
