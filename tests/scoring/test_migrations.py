"""An install of the previous release migrates forward with its data: models, scores and audit rows survive.

The previous release had the model registry inside the moderation app (moderation 0003, blog 0002);
this one moves it to the scoring app without touching a row.
"""
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from blog.models import Comment
from moderation.models import AuditEntry, Review, ScoreRecord
from scoring.models import ImportedExample, ModelAuditEntry, ModelVersion

pytestmark = pytest.mark.django_db(transaction=True)
PREVIOUS_RELEASE = [("blog", "0002_comment_submission_key"), ("moderation", "0003_model_registry"),
                    ("scoring", None), ("api", None)]


def migrate(targets=None):
    """Migrate to `targets` (the latest migrations when None); the apps registry of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1]]).apps


def previous_release_world(apps) -> dict:
    """Rows as the previous release wrote them: a reader's comment, its scores and audit, two models."""
    user = apps.get_model("auth", "User").objects.create(username="ada", is_staff=True)
    permission = apps.get_model("auth", "Permission").objects.get(codename="manage_models")
    user.user_permissions.add(permission)
    article = apps.get_model("blog", "Article").objects.create(
        title="Solid-state batteries", slug="solid-state", standfirst="Soon.", body="Cells.", byline="Ed")
    comment = apps.get_model("blog", "Comment").objects.create(
        article=article, author=user, body="Ten minute charging!", status="published")
    old = apps.get_model("moderation", "ModelVersion")
    first = old.objects.create(version="v1", directory="/models/v1", sha256="a" * 64, status="ready")
    second = old.objects.create(version="v2", directory="/models/v2", sha256="b" * 64, status="ready",
                                is_active=True)
    apps.get_model("moderation", "ModelAuditEntry").objects.create(
        action="promote", actor=user, model=second, previous=first)
    corpus = apps.get_model("moderation", "ImportedCorpus").objects.create(name="world", format="jsonl")
    examples = apps.get_model("moderation", "ImportedExample")
    examples.objects.create(corpus=corpus, body="Buy now", label="spam")
    apps.get_model("moderation", "ScoreRecord").objects.create(
        comment=comment, model_version="v2", spam_score=0.1, drift_score=0.2)
    apps.get_model("moderation", "Review").objects.create(comment=comment, model_version="v2", spam_score=0.1)
    apps.get_model("moderation", "AuditEntry").objects.create(
        comment=comment, actor=user, action="approve", from_status="held", to_status="published")
    return {"user": user.pk, "comment": comment.pk, "first": first.pk, "second": second.pk}


def test_the_previous_release_migrates_with_every_model_score_and_audit_row():
    ids = previous_release_world(migrate(PREVIOUS_RELEASE))
    migrate()
    live = ModelVersion.objects.get(is_active=True)
    assert (live.pk, live.version, live.sha256) == (ids["second"], "v2", "b" * 64)
    entry = ModelAuditEntry.objects.get()
    assert (entry.model_id, entry.previous_id, entry.actor_id) == (ids["second"], ids["first"], ids["user"])
    assert ImportedExample.objects.get().corpus.name == "world"
    assert ScoreRecord.objects.get().comment_id == ids["comment"]
    assert Review.objects.get().model_version == "v2"
    assert AuditEntry.objects.get().action == "approve"
    assert Comment.objects.get().body == "Ten minute charging!"
    assert ModelVersion._meta.db_table in connection.introspection.table_names()


def test_staff_keep_the_manage_models_permission_across_the_move():
    ids = previous_release_world(migrate(PREVIOUS_RELEASE))
    migrate()
    assert get_user_model().objects.get(pk=ids["user"]).has_perm("scoring.manage_models")


def test_new_rows_after_the_move_take_fresh_ids():
    ids = previous_release_world(migrate(PREVIOUS_RELEASE))
    migrate()
    assert ModelVersion.objects.create(version="v3").pk > ids["second"]
