"""Promotion, roll-back and loading of registered models: verified, audited, picked up without restarts."""
import json
import shutil
from pathlib import Path

import pytest

import ml
from scoring import live_model, registry
from scoring.models import ModelAuditEntry, ModelVersion
from tests.ml.builders import OFF_TOPIC, ON_TOPIC_BATTERY, SPAM, comment
from tests.scoring.registry_builders import make_version, tamper, trained

SAMPLE = [comment(ON_TOPIC_BATTERY[0]), comment(OFF_TOPIC[1]), comment(SPAM[2])]


pytestmark = pytest.mark.usefixtures("models_home")


@pytest.fixture
def live(db, tmp_path):
    return make_version("narrow", tmp_path / "models" / "narrow", live=True)


@pytest.fixture
def candidate(db, tmp_path):
    return make_version("full", tmp_path / "models" / "full")


def test_the_scorer_serves_the_live_registry_row(live):
    assert live_model.get_active_model().version == live.version


def test_promotion_reaches_the_scorer_on_its_next_call(live, candidate, site_admin):
    before = live_model.get_active_model().score(SAMPLE)
    registry.promote(candidate.pk, site_admin)
    after = live_model.get_active_model()
    assert after.version == candidate.version
    assert after.score(SAMPLE) == trained("full").score(SAMPLE) != before


def test_rollback_restores_the_previous_model_exactly(live, candidate, site_admin):
    before = live_model.get_active_model().score(SAMPLE)
    registry.promote(candidate.pk, site_admin)
    restored = registry.rollback(site_admin)
    assert restored.pk == live.pk
    assert live_model.get_active_model().score(SAMPLE) == before


def test_promotion_and_rollback_are_audited_with_who_and_what(live, candidate, site_admin):
    registry.promote(candidate.pk, site_admin)
    registry.rollback(site_admin)
    entries = list(ModelAuditEntry.objects.order_by("id").values_list("action", "actor", "model", "previous"))
    assert entries == [("promote", site_admin.pk, candidate.pk, live.pk),
                       ("rollback", site_admin.pk, live.pk, candidate.pk)]
    candidate.refresh_from_db()
    assert (candidate.promoted_by, candidate.is_active) == (site_admin, False)


def test_tampered_model_is_refused_at_promotion_and_the_live_one_keeps_serving(live, candidate, site_admin):
    tamper(candidate)
    with pytest.raises(registry.ModelRefused, match="SHA-256"):
        registry.promote(candidate.pk, site_admin)
    assert registry.live_version().pk == live.pk
    assert live_model.get_active_model().version == live.version
    assert not ModelAuditEntry.objects.filter(action="promote").exists()


def test_foreign_model_with_consistent_metadata_is_refused(live, candidate, site_admin, tmp_path):
    """Someone swaps in another model directory whose own hash checks pass: the registry's hash does not."""
    other = make_version("narrow", tmp_path / "models" / "other")
    shutil.rmtree(candidate.directory)
    shutil.copytree(other.directory, candidate.directory)
    ModelVersion.objects.filter(pk=other.pk).delete()
    with pytest.raises(registry.ModelRefused, match="does not match the SHA-256 recorded"):
        registry.promote(candidate.pk, site_admin)
    assert registry.live_version().pk == live.pk


def test_tampered_live_model_is_refused_at_load_while_the_loaded_one_keeps_serving(live, candidate):
    serving = live_model.get_active_model()
    tamper(candidate)
    ModelVersion.objects.filter(pk=live.pk).update(is_active=False)
    ModelVersion.objects.filter(pk=candidate.pk).update(is_active=True)  # as if the row were edited by hand
    assert live_model.get_active_model() is serving


def test_tampered_live_model_in_a_fresh_process_is_a_clear_error(live):
    tamper(live)
    with pytest.raises(live_model.ModelRefused, match="refusing to load it"):
        live_model.get_active_model()


def test_promoting_a_model_that_is_not_ready_is_refused(live, site_admin):
    training = ModelVersion.objects.create(status=ModelVersion.Status.TRAINING)
    with pytest.raises(registry.ModelRefused, match="not ready"):
        registry.promote(training.pk, site_admin)


def test_rollback_without_an_earlier_model_is_refused(live, site_admin):
    with pytest.raises(registry.ModelRefused, match="no earlier live model"):
        registry.rollback(site_admin)


def test_a_fresh_install_trains_promotes_and_audits_a_bootstrap_model(db):
    model = live_model.get_active_model()
    live = registry.live_version()
    assert (model.version, live.note) == (live.version, "bootstrap model (seed corpus)")
    assert ModelAuditEntry.objects.get().action == "promote"
    assert live_model.get_active_model() is model


def test_promotion_unpickles_the_model_once_in_this_process(live, candidate, site_admin, monkeypatch):
    loads = []
    real_load = ml.load_model
    monkeypatch.setattr(ml, "load_model", lambda directory: loads.append(directory) or real_load(directory))
    registry.promote(candidate.pk, site_admin)
    assert live_model.get_active_model().version == candidate.version
    assert loads == [candidate.directory]


def _outdate(directory) -> None:
    """Make a saved model look as if an older release had written it."""
    path = directory / "metadata.json"
    metadata = json.loads(path.read_text())
    metadata["feature_format"] = 1
    path.write_text(json.dumps(metadata))


def test_live_model_from_an_older_release_gives_way_to_a_retrained_bootstrap_model(live, caplog):
    _outdate(Path(live.directory))
    model = live_model.get_active_model()

    assert model.version != live.version
    assert model.score(SAMPLE)[2].spam, "the retrained bootstrap model scores sensibly"
    assert "cannot use live model" in caplog.text
    assert registry.live_version().version == model.version, "the registry says which model serves"
    assert live_model.get_active_model() is model  # not retried, re-hashed and re-logged every task


def test_the_web_process_gets_no_model_rather_than_training_one(db):
    assert live_model.get_active_model(bootstrap=False) is None
    assert not ModelVersion.objects.exists()


def test_the_web_process_gets_the_live_model_when_there_is_one(live):
    assert live_model.get_active_model(bootstrap=False).version == live.version
