"""Start-up checks report a missing model directory and a live model whose file is not ours."""
import shutil

import pytest

from scoring.checks import check_model_directory
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
