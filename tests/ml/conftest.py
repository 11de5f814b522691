import pytest

from tests.ml.builders import small_model


@pytest.fixture(scope="session")
def model():
    """One small trained model shared by the tests that only read it."""
    return small_model()


@pytest.fixture
def saved_model(model, tmp_path):
    import ml

    return ml.save_model(model, tmp_path / "model")
