"""Which model scores comments in this process: the active one, trained from the seed on first use.

The active model is named by a small pointer file, PITLANE_MODEL_DIR/active.json. Every call
re-reads its modification stamp (one stat), so a newly promoted model is picked up without a restart.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
from pathlib import Path

from django.conf import settings

import ml

POINTER_FILE = "active.json"
_lock = threading.Lock()
_cache: dict[str, object] = {}


def get_active_model() -> ml.ModerationModel:
    """The active model, loaded once per process and reloaded when the pointer changes."""
    with _lock:
        stamp = _pointer_stamp()
        if stamp is None:
            bootstrap_active_model()
            stamp = _pointer_stamp()
        if _cache.get("stamp") != stamp:
            _cache["model"] = ml.load_model(active_model_dir())
            _cache["stamp"] = stamp
        return _cache["model"]


def active_model_dir() -> Path:
    """The directory the pointer names; the one place to change when the pointer moves to the DB."""
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


def bootstrap_active_model() -> Path:
    """Train the seed-corpus model and activate it, unless another process already did."""
    model_dir = Path(settings.PITLANE_MODEL_DIR)
    model_dir.mkdir(parents=True, exist_ok=True)
    with open(model_dir / ".bootstrap.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _pointer_stamp() is not None:
            return active_model_dir()
        model = ml.bootstrap_model()
        from ml.persistence import new_version

        return activate(ml.save_model(model, model_dir / new_version(model)))


def _pointer_path() -> Path:
    return Path(settings.PITLANE_MODEL_DIR) / POINTER_FILE


def _pointer_stamp() -> tuple[int, int] | None:
    try:
        status = _pointer_path().stat()
    except FileNotFoundError:
        return None
    return status.st_mtime_ns, status.st_size
