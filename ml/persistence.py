"""Versioned model directories: model.joblib plus metadata.json recording its SHA-256.

joblib (pickle) runs code while loading, so a file is loaded only after its hash matches the one
recorded when we saved it, and only with the scikit-learn version that wrote it.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
from pathlib import Path

import joblib
import numpy
import scipy
import sklearn

from ml.hashing import file_sha256
from ml.model import ModerationModel
from ml.types import ModelError, ModelIntegrityError, ModelVersionError

MODEL_FILE = "model.joblib"
METADATA_FILE = "metadata.json"
# Bump whenever a change to ml/ makes models saved before it unusable (feature columns, array layout):
# such a model unpickles fine and then fails on its first comment, so it is refused at load instead.
# 8: the drift head reads embeddings; 9: MiniLM sentence embeddings, no lexical statistics; 10: the spam
# head reads the comment's embedding, referral links and wrapped text in its word lists
FEATURE_FORMAT = 10


def library_versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "joblib": joblib.__version__,
    }


def source_revision() -> str:
    """The git commit of the code that trains, so a model can be traced to it; else PITLANE_SOURCE_REVISION.

    An installed copy without git (a container image) reports what its build put in the environment,
    or "unknown".
    """
    try:
        found = subprocess.run(["git", "rev-parse", "HEAD"], cwd=Path(__file__).parent, capture_output=True,
                               text=True, timeout=5, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    return found or os.environ.get("PITLANE_SOURCE_REVISION", "unknown")


def new_version(model: ModerationModel) -> str:
    """Sortable by creation time, unique per training set."""
    created = model.metadata.get("created", "")
    stamp = "".join(ch for ch in created[:19] if ch.isdigit())
    return f"{stamp}-{model.metadata.get('training_data', {}).get('sha256', '0' * 8)[:8]}"


def save_model(model: ModerationModel, out_dir: str | Path) -> Path:
    """Write the model and its metadata into out_dir (created if needed); returns the directory."""
    directory = Path(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    model.metadata.setdefault("version", new_version(model))
    joblib.dump(model, directory / MODEL_FILE, compress=3)
    metadata = model.metadata | {
        "feature_format": FEATURE_FORMAT,
        "libraries": library_versions(),
        "source_revision": source_revision(),
        "model_file": MODEL_FILE,
        "sha256": file_sha256(directory / MODEL_FILE),
    }
    (directory / METADATA_FILE).write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n")
    return directory


def load_model(directory: str | Path) -> ModerationModel:
    """Load a model saved by `save_model`, refusing a changed file or another scikit-learn version."""
    directory = Path(directory)
    metadata = read_metadata(directory)
    model_path = directory / metadata.get("model_file", MODEL_FILE)
    if not model_path.is_file():
        raise ModelError(f"{directory}: no {model_path.name}")
    if file_sha256(model_path) != metadata.get("sha256"):
        raise ModelIntegrityError(f"{model_path}: SHA-256 does not match metadata.json; refusing to load it")
    if metadata.get("feature_format", 1) != FEATURE_FORMAT:
        raise ModelVersionError(
            f"{directory}: trained by an older Pitlane (feature format {metadata.get('feature_format', 1)}, "
            f"this code reads {FEATURE_FORMAT}); retrain it"
        )
    saved_with = metadata.get("libraries", {}).get("scikit-learn")
    if saved_with != sklearn.__version__:
        raise ModelVersionError(
            f"{directory}: saved with scikit-learn {saved_with}, "
            f"installed is {sklearn.__version__}; retrain it"
        )
    model = joblib.load(model_path)
    if not isinstance(model, ModerationModel):
        raise ModelError(f"{model_path}: not a ModerationModel")
    model.metadata = metadata
    return model


def read_metadata(directory: Path) -> dict:
    path = directory / METADATA_FILE
    if not path.is_file():
        raise ModelError(f"{directory}: no {METADATA_FILE}; not a model directory")
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise ModelIntegrityError(f"{path}: not valid JSON ({error.msg})") from None
