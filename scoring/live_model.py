"""Which model scores comments in this process: the live row of the model registry.

Every call asks the database for the live row's id (one indexed query per task) and reloads only when
it changed, so a promotion reaches every worker on its next task without a restart. Without a database
or before the registry has a row, the pointer file PITLANE_MODEL_DIR/active.json names the model (its
modification stamp is checked instead); a fresh install trains that one from the seed on first use.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection

import ml
from ml.persistence import MODEL_FILE, file_sha256

POINTER_FILE = "active.json"
log = logging.getLogger(__name__)
_lock = threading.Lock()
_cache: dict[str, object] = {}


class ModelRefused(ml.ModelError):
    """A registered model's file is not the one we trained (tampered, foreign or missing)."""


class ModelOutdated(ModelRefused):
    """A registered model this release cannot use (older feature format or scikit-learn): retrain it."""


def get_active_model() -> ml.ModerationModel:
    """The live model, loaded once per process and reloaded when the live row (or pointer) changes."""
    with _lock:
        row = _live_row()
        if row is not None:
            return _load_registered(row)
        return _pointer_model()


def _pointer_model() -> ml.ModerationModel:
    """The model active.json names; trained from the seed when there is none or it is out of date."""
    stamp = _pointer_stamp()
    if stamp is None:
        bootstrap_active_model()
        stamp = _pointer_stamp()
    if _cache.get("key") != ("pointer", stamp):
        try:
            model = ml.load_model(active_model_dir())
        except ml.ModelVersionError as error:
            # Saved by an older release or scikit-learn: the seed model is seconds away, so retrain it.
            log.warning("%s; training the bootstrap model again", error)
            bootstrap_active_model(replace_incompatible=True)
            stamp, model = _pointer_stamp(), ml.load_model(active_model_dir())
        _cache["model"], _cache["key"] = model, ("pointer", stamp)
    return _cache["model"]


def verified_load(row) -> ml.ModerationModel:
    """Load a registered version only if its file hashes to what we recorded when training it.

    The hash is checked before unpickling: a file with self-consistent but foreign metadata is refused
    as firmly as an edited one.
    """
    path = Path(row.directory) / MODEL_FILE
    try:
        actual = file_sha256(path)
    except OSError as error:
        raise ModelRefused(f"model {row.version}: cannot read {path} ({error.strerror})") from None
    if not row.sha256 or actual != row.sha256:
        raise ModelRefused(f"model {row.version}: {path} does not match the SHA-256 recorded when it was "
                           "trained; refusing to load it")
    try:
        model = ml.load_model(row.directory)
    except ml.ModelVersionError as error:
        raise ModelOutdated(f"model {row.version}: {error}") from None
    except ml.ModelError as error:
        raise ModelRefused(f"model {row.version}: {error}") from None
    if model.version != row.version:
        raise ModelRefused(f"{row.directory} holds model {model.version}, not {row.version}; refusing it")
    return model


def _load_registered(row) -> ml.ModerationModel:
    if _cache.get("key") == ("row", row.pk):
        return _cache["model"]
    if _cache.get("refused") == row.pk and "model" in _cache:
        return _cache["model"]  # refused once; do not hash and log again on every task
    try:
        model = verified_load(row)
    except ModelRefused as refusal:
        _cache["refused"] = row.pk
        if "model" in _cache:
            log.exception("refused live model %s; still serving %s", row.version, _cache["model"].version)
            return _cache["model"]
        if isinstance(refusal, ModelOutdated):
            # A worker starting after an upgrade: score with the bootstrap model (retrained for this
            # release if need be) rather than hold every comment until an admin promotes a new model.
            log.exception("cannot use live model %s; scoring with the bootstrap model meanwhile", row.version)
            return _pointer_model()
        raise
    _cache["model"], _cache["key"] = model, ("row", row.pk)
    return model


def _live_row():
    """The live registry row, or None without a database, before migrations, or before any promotion."""
    if _database_missing():
        return None
    from scoring.models import ModelVersion

    try:
        return ModelVersion.objects.filter(is_active=True).only("version", "directory", "sha256").first()
    except (DatabaseError, RuntimeError):  # RuntimeError: a test runner that forbids the database
        return None


def _database_missing() -> bool:
    """An SQLite file that does not exist yet: asking would create it, so do not ask."""
    database = connection.settings_dict
    name = str(database.get("NAME") or "")
    return database["ENGINE"].endswith("sqlite3") and name != ":memory:" and not Path(name).exists()


def active_model_dir() -> Path:
    """The directory the pointer file names."""
    pointer = json.loads(_pointer_path().read_text())
    return Path(pointer["path"])


def activate(directory: str | Path) -> Path:
    """Point the site at a saved model (verified by loading it first); atomic for readers."""
    directory = Path(directory).resolve()
    model = ml.load_model(directory)
    pointer = _pointer_path()
    pointer.parent.mkdir(parents=True, exist_ok=True)
    temporary = pointer.with_suffix(".tmp")
    temporary.write_text(json.dumps({"version": model.version, "path": str(directory)}) + "\n")
    os.replace(temporary, pointer)
    return directory


def bootstrap_active_model(replace_incompatible: bool = False) -> Path:
    """Train the seed-corpus model and activate it, unless another process already did.

    With `replace_incompatible`, an active model this code cannot load is replaced too.
    """
    model_dir = Path(settings.PITLANE_MODEL_DIR)
    model_dir.mkdir(parents=True, exist_ok=True)
    with open(model_dir / ".bootstrap.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _pointer_stamp() is not None and not (replace_incompatible and not _pointer_loads()):
            return active_model_dir()
        model = ml.bootstrap_model()
        from ml.persistence import new_version

        return activate(ml.save_model(model, model_dir / new_version(model)))


def _pointer_loads() -> bool:
    try:
        ml.load_model(active_model_dir())
    except ml.ModelError:
        return False
    return True


def _pointer_path() -> Path:
    return Path(settings.PITLANE_MODEL_DIR) / POINTER_FILE


def _pointer_stamp() -> tuple[int, int] | None:
    try:
        status = _pointer_path().stat()
    except FileNotFoundError:
        return None
    return status.st_mtime_ns, status.st_size
