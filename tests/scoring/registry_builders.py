"""Builders for model-registry tests: small real models saved to disk and registered as versions."""
from __future__ import annotations

import contextlib
import functools
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

from django.contrib.auth.models import Permission

import ml
from scoring import corpora, registry
from scoring.models import ModelVersion
from tests.ml.builders import world_examples
from tests.moderation.builders import make_moderator

WORLD_ARTICLE = "Solid-state batteries reach the prototype stage"


@functools.cache
def trained(kind: str) -> ml.ModerationModel:
    """'full' learns from every world example; 'narrow' never sees the swapped-article drift rows."""
    examples = [e for e in world_examples() if kind == "full" or e.group != "swap"]
    return ml.train_model(examples, folds=2)


def saved(kind: str, directory: Path) -> Path:
    """A fresh copy of a trained model on disk (copied, so tests may tamper with it)."""
    source = directory.parent / f".cache-{kind}"
    if not source.exists():
        ml.save_model(trained(kind), source)
    shutil.copytree(source, directory)
    return directory


def make_version(kind: str, directory: Path, *, live: bool = False) -> ModelVersion:
    row = registry.register(saved(kind, directory), note=f"{kind} test model")
    if live:
        ModelVersion.objects.filter(is_active=True).update(is_active=False)
        ModelVersion.objects.filter(pk=row.pk).update(is_active=True)
        row.refresh_from_db()
    return row


@contextlib.contextmanager
def live_while_a_worker_starts(django_db_blocker, model_dir: Path) -> Iterator[None]:
    """A live row in the test database while a worker starts, so it loads that instead of training one."""
    with django_db_blocker.unblock():
        row = make_version("narrow", model_dir / "first", live=True)
    yield
    with django_db_blocker.unblock():
        ModelVersion.objects.filter(pk=row.pk).delete()


def make_model_manager(username: str):
    """Staff with the one permission these pages need (and not superuser: the permission must do the work)."""
    user = make_moderator(username)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(Permission.objects.get(codename="manage_models"))
    return user


def tamper(row: ModelVersion) -> None:
    with (Path(row.directory) / "model.joblib").open("ab") as handle:
        handle.write(b"\0")


def world_jsonl(path: Path, examples=None) -> Path:
    """The ml tests' small world as a JSONL corpus file."""
    rows = [{"article_title": e.comment.article_title, "article_body": e.comment.article_body,
             "body": e.comment.body, "label": e.label, "thread_id": e.group}
            for e in (examples if examples is not None else world_examples())]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def world_corpus(tmp_path: Path):
    return corpora.import_corpus(world_jsonl(tmp_path / "world.jsonl"), "jsonl", name="world")
