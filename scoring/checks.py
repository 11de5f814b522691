"""Start-up checks: the model directory is there, the live model's file is ours, the sentence encoder too.

Cheap: the live row is read and its file hashed, nothing is unpickled. Before migrations have run there
is no registry to ask, and nothing is reported.
"""
from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError

from ml.embeddings import configured_source
from ml.encoder import INSTALL_HINT, teacher_directory
from ml.hashing import verified_file
from ml.types import ModelError
from scoring.loading import ModelRefused, verify_file
from scoring.models import ModelVersion


@register()
def check_model_directory(app_configs=None, **kwargs) -> list[Error]:
    directory = Path(settings.PITLANE_MODEL_DIR)
    if directory.exists() and not directory.is_dir():
        return [Error(f"PITLANE_MODEL_DIR ({directory}) is not a directory.", id="scoring.E001",
                      hint="Point PITLANE_MODEL_DIR at the folder that holds the trained models.")]
    live = _live_row()
    if live is None:
        return []  # a fresh install: the worker creates the directory and trains the first model
    if not directory.is_dir():
        return [Error(f"PITLANE_MODEL_DIR ({directory}) is missing, but model {live.version} is live.",
                      id="scoring.E001", hint="Mount or restore the model directory, or fix the setting.")]
    try:
        verify_file(live)
    except ModelRefused as refusal:
        return [Error(f"The live model cannot be used: {refusal}.", id="scoring.E002",
                      hint="Roll back or promote another model on the Models page (or retrain).")]
    return []


def _live_row() -> ModelVersion | None:
    try:
        return ModelVersion.objects.filter(is_active=True).only("version", "directory", "sha256").first()
    except DatabaseError:  # not migrated yet
        return None


@register()
def check_sentence_encoder(app_configs=None, **kwargs) -> list[Error]:
    """The drift head reads a sentence encoder's embeddings: its files must be installed and ours."""
    try:
        directory, sha256 = configured_source()
        verified_file((directory or teacher_directory()) / "model.safetensors", sha256)
    except ModelError as error:
        hint = f"Install it ({INSTALL_HINT}) or fix PITLANE_EMBEDDINGS and PITLANE_EMBEDDINGS_SHA256."
        return [Error(f"The sentence encoder cannot be used: {error}.", id="scoring.E003", hint=hint)]
    return []
