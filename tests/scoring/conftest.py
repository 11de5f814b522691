import pytest

from scoring import live_model
from tests.moderation.conftest import moderator, pending, site_admin, tagged_model  # noqa: F401


@pytest.fixture
def models_home(settings, tmp_path):
    """A private model directory, with the per-process model cache emptied around the test."""
    settings.PITLANE_MODEL_DIR = tmp_path / "models"
    live_model.forget()
    yield settings.PITLANE_MODEL_DIR
    live_model.forget()
