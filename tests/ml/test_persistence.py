import json
import subprocess

import pytest

import ml
from tests.ml.builders import OFF_TOPIC, ON_TOPIC_BATTERY, comment, small_model


def test_saved_model_loads_and_scores_identically(model, saved_model):
    loaded = ml.load_model(saved_model)
    comments = [comment(ON_TOPIC_BATTERY[0]), comment(OFF_TOPIC[0])]
    assert loaded.score(comments) == model.score(comments)
    assert loaded.version == json.loads((saved_model / "metadata.json").read_text())["version"]
    assert loaded.thresholds == model.thresholds


def test_metadata_records_what_a_reviewer_needs(saved_model):
    metadata = json.loads((saved_model / "metadata.json").read_text())
    assert {"version", "created", "training_data", "libraries", "metrics", "thresholds", "sha256"} <= set(
        metadata
    )
    assert metadata["training_data"]["examples"] > 0
    assert metadata["libraries"]["scikit-learn"]


def test_tampered_model_file_is_refused(saved_model):
    with (saved_model / "model.joblib").open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ml.ModelIntegrityError, match="SHA-256"):
        ml.load_model(saved_model)


def test_model_saved_by_another_sklearn_version_is_refused(saved_model):
    path = saved_model / "metadata.json"
    metadata = json.loads(path.read_text())
    metadata["libraries"]["scikit-learn"] = "0.24.2"
    path.write_text(json.dumps(metadata))
    with pytest.raises(ml.ModelVersionError, match="0.24.2"):
        ml.load_model(saved_model)


def test_model_from_an_older_feature_format_is_refused_before_unpickling(saved_model):
    path = saved_model / "metadata.json"
    metadata = json.loads(path.read_text())
    del metadata["feature_format"]  # as written before the format was recorded
    path.write_text(json.dumps(metadata))
    with pytest.raises(ml.ModelVersionError, match="older Pitlane"):
        ml.load_model(saved_model)


def test_directory_without_metadata_is_refused(tmp_path):
    with pytest.raises(ml.ModelError, match="metadata.json"):
        ml.load_model(tmp_path)


def test_saved_metadata_records_the_source_revision(tmp_path):
    directory = ml.save_model(small_model(), tmp_path / "model")
    metadata = json.loads((directory / "metadata.json").read_text())
    head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert metadata["source_revision"] == (head or "unknown")
