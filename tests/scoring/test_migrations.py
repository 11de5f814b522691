"""An install of the previous release migrates forward with its data: models, scores and audit rows survive.

The previous release (commit 7028b3b) had the model registry inside the moderation app (moderation 0003,
blog 0002, those migration files unchanged since); this one moves it to the scoring app without touching
a row. The world writes a row into every table of that release, and every one must come out the same.
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
    """A row in every table the previous release had, written with that release's models."""
    user = apps.get_model("auth", "User").objects.create(username="ada", is_staff=True)
    reader = apps.get_model("auth", "User").objects.create(username="bob")
    permission = apps.get_model("auth", "Permission").objects.get(codename="manage_models")
    user.user_permissions.add(permission)
    apps.get_model("blog", "ReaderProfile").objects.create(user=reader, trusted=True)
    article = apps.get_model("blog", "Article").objects.create(
        title="Solid-state batteries", slug="solid-state", standfirst="Soon.", body="Cells.", byline="Ed")
    article.tags.add(apps.get_model("blog", "Tag").objects.create(kind="topic", name="EVs", slug="evs"))
    comment = apps.get_model("blog", "Comment").objects.create(
        article=article, author=user, body="Ten minute charging!", status="published")
    reply = apps.get_model("blog", "Comment").objects.create(
        article=article, author=reader, body="Not on my street.", status="held", parent=comment, root=comment,
        depth=1)
    apps.get_model("blog", "Report").objects.create(comment=reply, reporter=user, reason="off_topic")
    old = apps.get_model("moderation", "ModelVersion")
    first = old.objects.create(version="v1", directory="/models/v1", sha256="a" * 64, status="ready")
    second = old.objects.create(version="v2", directory="/models/v2", sha256="b" * 64, status="ready",
                                is_active=True, report={"rows": 40})
    apps.get_model("moderation", "ModelAuditEntry").objects.create(
        action="promote", actor=user, model=second, previous=first)
    corpus = apps.get_model("moderation", "ImportedCorpus").objects.create(name="world", format="jsonl")
    examples = apps.get_model("moderation", "ImportedExample")
    examples.objects.create(corpus=corpus, body="Buy now", label="spam")
    scores = apps.get_model("moderation", "ScoreRecord")
    scores.objects.create(comment=comment, model_version="v1", spam_score=0.3, drift_score=0.4)
    scores.objects.create(comment=comment, model_version="v2", spam_score=0.1, drift_score=0.2)
    apps.get_model("moderation", "Review").objects.create(comment=comment, model_version="v2", spam_score=0.1)
    apps.get_model("moderation", "AuditEntry").objects.create(
        comment=comment, actor=user, action="approve", from_status="held", to_status="published")
    apps.get_model("moderation", "AuditEntry").objects.create(
        comment=reply, action="scored", from_status="pending", to_status="held", model_version="v2",
        spam_score=0.1, drift_score=0.9)
    apps.get_model("moderation", "ReplyNotice").objects.create(comment=reply, recipient="ada@example.com")
    apps.get_model("moderation", "ModerationSettings").objects.create(pk=1, reports_to_hold=5)
    return {"user": user.pk, "comment": comment.pk, "first": first.pk, "second": second.pk}


def rows_of_every_table(apps) -> dict[str, dict]:
    """Every model's rows ({pk: {column: value}}), keyed by the label the model has in this release."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in ("blog", "moderation", "scoring"):
            label = MOVED.get(model._meta.label, model._meta.label)
            tables[label] = {row["pk"]: row for row in model.objects.values("pk", *columns(model))}
    return tables


def columns(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


MOVED = {f"moderation.{name}": f"scoring.{name}"
         for name in ("ModelVersion", "ModelAuditEntry", "ImportedCorpus", "ImportedExample")}


def test_every_row_of_every_table_of_the_previous_release_survives_the_migration():
    before = migrate(PREVIOUS_RELEASE)
    previous_release_world(before)
    written = rows_of_every_table(before)
    assert all(written.values()), [label for label, rows in written.items() if not rows]
    kept = rows_of_every_table(migrate())
    for label, rows in written.items():
        assert set(kept[label]) == set(rows), label
        for pk, row in rows.items():
            assert {column: kept[label][pk][column] for column in row} == row, (label, pk)


def test_the_live_model_its_scores_and_audit_rows_are_the_same_rows_after_the_move():
    ids = previous_release_world(migrate(PREVIOUS_RELEASE))
    migrate()
    live = ModelVersion.objects.get(is_active=True)
    assert (live.pk, live.version, live.sha256, live.report) == (ids["second"], "v2", "b" * 64, {"rows": 40})
    assert ModelVersion.objects.count() == 2
    entry = ModelAuditEntry.objects.get()
    assert (entry.model_id, entry.previous_id, entry.actor_id) == (ids["second"], ids["first"], ids["user"])
    assert ImportedExample.objects.get().corpus.name == "world"
    scores = sorted(ScoreRecord.objects.values_list("model_version", "spam_score"))
    assert scores == [("v1", 0.3), ("v2", 0.1)]
    assert Review.objects.get().comment_id == ids["comment"]
    assert sorted(AuditEntry.objects.values_list("action", flat=True)) == ["approve", "scored"]
    assert Comment.objects.get(pk=ids["comment"]).body == "Ten minute charging!"
    assert ModelVersion._meta.db_table in connection.introspection.table_names()


def test_staff_keep_the_manage_models_permission_across_the_move():
    ids = previous_release_world(migrate(PREVIOUS_RELEASE))
    migrate()
    assert get_user_model().objects.get(pk=ids["user"]).has_perm("scoring.manage_models")


def test_new_rows_after_the_move_take_fresh_ids():
    ids = previous_release_world(migrate(PREVIOUS_RELEASE))
    migrate()
    assert ModelVersion.objects.create(version="v3").pk > ids["second"]
