"""Loading a registered model: verified against its registry row, unpickled once, kept in one cache.

Pickle runs code on load, so a file is unpickled only after it hashes to the SHA-256 the registry
recorded when we trained it; a file with self-consistent but foreign metadata is refused as firmly
as an edited one.
"""
from __future__ import annotations

import threading
from pathlib import Path

import ml
from ml.persistence import MODEL_FILE, file_sha256
from scoring.models import ModelVersion

# Verified models by registry row id: the live one, and the shadow or a candidate being looked at.
_cache: dict[int, ml.ModerationModel] = {}
_lock = threading.Lock()
CACHED_MODELS = 3


class ModelRefused(ml.ModelError):
    """A registered model's file is not the one we trained (tampered, foreign or missing)."""


class ModelOutdated(ModelRefused):
    """A registered model this release cannot use (older feature format or scikit-learn): retrain it."""


def model_of(row: ModelVersion) -> ml.ModerationModel:
    """The verified model of a registry row, unpickled on first use only."""
    with _lock:
        if row.pk not in _cache:
            model = verified_load(row)
            while len(_cache) >= CACHED_MODELS:
                del _cache[next(iter(_cache))]
            _cache[row.pk] = model
        return _cache[row.pk]


def cached(row_id: int) -> ml.ModerationModel | None:
    return _cache.get(row_id)


def forget_all() -> None:
    """Empty the cache (tests, and a process that wants to re-read every file)."""
    _cache.clear()


def verify_file(row: ModelVersion) -> None:
    """Raise ModelRefused unless the row's model file hashes to what we recorded when training it."""
    path = Path(row.directory) / MODEL_FILE
    try:
        actual = file_sha256(path)
    except OSError as error:
        raise ModelRefused(f"model {row.version}: cannot read {path} ({error.strerror})") from None
    if not row.sha256 or actual != row.sha256:
        raise ModelRefused(f"model {row.version}: {path} does not match the SHA-256 recorded when it was "
                           "trained; refusing to load it")


def verified_load(row: ModelVersion) -> ml.ModerationModel:
    """Load a registered version only if its file hashes to what we recorded when training it."""
    verify_file(row)
    try:
        model = ml.load_model(row.directory)
    except ml.ModelVersionError as error:
        raise ModelOutdated(f"model {row.version}: {error}") from None
    except ml.ModelError as error:
        raise ModelRefused(f"model {row.version}: {error}") from None
    if model.version != row.version:
        raise ModelRefused(f"{row.directory} holds model {model.version}, not {row.version}; refusing it")
    return model
