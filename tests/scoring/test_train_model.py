"""`manage.py train_model`: --activate puts the new model live through the registry, audited."""
from pathlib import Path

import pytest
from django.core.management import call_command

from scoring import live_model, registry
from scoring.models import ModelAuditEntry, ModelVersion
from tests.scoring.registry_builders import make_version, world_jsonl

pytestmark = pytest.mark.usefixtures("models_home")


def train(tmp_path, *options: str) -> Path:
    out = tmp_path / "trained"
    call_command("train_model", "--data", str(world_jsonl(tmp_path / "world.jsonl")), "--no-seed",
                 "--out", str(out), *options, verbosity=0)
    return out


def test_activate_registers_the_model_and_makes_it_live_for_the_scorer(db, tmp_path):
    out = train(tmp_path, "--activate")
    live = registry.live_version()
    assert (live.directory, live.status) == (str(out.resolve()), ModelVersion.Status.READY)
    assert live_model.get_active_model().version == live.version


def test_activation_is_audited_and_can_be_rolled_back(db, tmp_path, site_admin):
    before = make_version("narrow", tmp_path / "models" / "before", live=True)
    train(tmp_path, "--activate")
    entry = ModelAuditEntry.objects.get(action="promote")
    assert (entry.actor, entry.previous, entry.model) == (None, before, registry.live_version())
    assert registry.rollback(site_admin).pk == before.pk


def test_without_activate_the_live_model_stays(db, tmp_path):
    before = make_version("narrow", tmp_path / "models" / "before", live=True)
    assert (train(tmp_path) / "model.joblib").is_file()
    assert registry.live_version() == before
    assert not ModelAuditEntry.objects.exists()
