"""Which model version serves: promotion, roll-back and shadow scoring, each verified first and audited.

Views, tasks and commands call these with ids and the acting user. Workers notice a change on their
next task (`live_model.get_active_model` checks the live row's id), so nothing restarts.
"""
from __future__ import annotations

import logging
from pathlib import Path

from django.db import transaction
from django.utils import timezone

import ml
from scoring import live_model
from scoring.live_model import ModelRefused, verified_load
from scoring.models import ModelAuditEntry, ModelVersion

log = logging.getLogger(__name__)
Action = ModelAuditEntry.Action


def live_version() -> ModelVersion | None:
    return ModelVersion.objects.filter(is_active=True).first()


def shadow_version() -> ModelVersion | None:
    return ModelVersion.objects.filter(is_shadow=True).first()


def register(directory: str | Path, *, note: str = "", trained_by=None) -> ModelVersion:
    """Record a saved model directory as a ready version (the file must match its own metadata)."""
    model = ml.load_model(directory)
    return ModelVersion.objects.create(
        version=model.version, directory=str(Path(directory).resolve()), sha256=model.metadata["sha256"],
        status=ModelVersion.Status.READY, progress=100, metrics=metrics_of(model.metadata),
        training_summary=model.metadata.get("training_summary", {}), note=note, trained_by=trained_by,
        finished_at=timezone.now(),
    )


def ensure_live_registered() -> ModelVersion:
    """The live row; on a fresh install, the pointer-file (bootstrap) model becomes the first row."""
    with transaction.atomic():
        live = ModelVersion.objects.select_for_update().filter(is_active=True).first()
        if live is not None:
            return live
        live_model.get_active_model()  # trains the bootstrap model if there is none yet
        row = register(live_model.active_model_dir(), note="first live model (from the pointer file)")
        ModelVersion.objects.filter(pk=row.pk).update(is_active=True, promoted_at=timezone.now())
        row.refresh_from_db()
        return row


def promote(version_id: int, actor, *, action: str = Action.PROMOTE) -> ModelVersion:
    """Make a ready version live.

    1. Verify its file against the hash recorded at training (and its own metadata) before anything
       changes; a tampered or foreign file raises ModelRefused and the live model keeps serving.
    2. In one transaction swap the live flag and write the audit entry.
    3. After commit, move the pointer file too, so database-less tools (score_comments) follow.
    """
    candidate = _ready(version_id)
    verified_load(candidate)
    previous = ensure_live_registered()
    if candidate.pk == previous.pk:
        return candidate
    with transaction.atomic():
        ModelVersion.objects.select_for_update().filter(is_active=True).update(is_active=False)
        ModelVersion.objects.filter(pk=candidate.pk).update(
            is_active=True, is_shadow=False, promoted_by=actor, promoted_at=timezone.now()
        )
        ModelAuditEntry.objects.create(action=action, actor=actor, model=candidate, previous=previous)
        transaction.on_commit(lambda: _move_pointer(candidate.directory))
    candidate.refresh_from_db()
    return candidate


def rollback_target() -> ModelVersion | None:
    """The version that was live before the current one, which a roll-back would put back."""
    current = live_version()
    activations = ModelAuditEntry.objects.filter(action__in=[Action.PROMOTE, Action.ROLLBACK])
    entry = activations.filter(model=current).select_related("previous").first() if current else None
    return entry.previous if entry is not None else None


def rollback(actor) -> ModelVersion:
    """Put back the version that was live before the current one (a second roll-back undoes the first)."""
    target = rollback_target()
    if target is None:
        raise ModelRefused("there is no earlier live model to roll back to")
    return promote(target.pk, actor, action=Action.ROLLBACK)


def set_shadow(version_id: int | None, actor) -> ModelVersion | None:
    """Let a ready version score new comments beside the live one without acting; None stops shadowing."""
    candidate = _ready(version_id) if version_id is not None else None
    if candidate is not None:
        verified_load(candidate)
    with transaction.atomic():
        stopped = ModelVersion.objects.select_for_update().filter(is_shadow=True).first()
        ModelVersion.objects.filter(is_shadow=True).update(is_shadow=False, shadow_since=None)
        if stopped is not None:
            ModelAuditEntry.objects.create(action=Action.SHADOW_OFF, actor=actor, model=stopped)
        if candidate is not None:
            ModelVersion.objects.filter(pk=candidate.pk).update(is_shadow=True, shadow_since=timezone.now())
            ModelAuditEntry.objects.create(action=Action.SHADOW_ON, actor=actor, model=candidate)
    return candidate


def _ready(version_id: int) -> ModelVersion:
    row = ModelVersion.objects.filter(pk=version_id).first()
    if row is None:
        raise ModelRefused(f"there is no model #{version_id}")
    if row.status != ModelVersion.Status.READY:
        raise ModelRefused(f"model {row} is not ready ({row.get_status_display().lower()})")
    return row


def _move_pointer(directory: str) -> None:
    try:
        live_model.activate(directory)
    except (ml.ModelError, OSError):
        log.exception("promoted %s but could not move the pointer file", directory)


def metrics_of(metadata: dict) -> dict:
    return {"thresholds": metadata.get("thresholds", {}), "out_of_fold": metadata.get("metrics", {}),
            "training_data": metadata.get("training_data", {})}
