"""Which model version serves: the registry's live row is the only record of it.

Promotion, roll-back and shadow scoring are each verified first and audited. Views, tasks and
commands call these with ids and the acting user (None for the system). Workers notice a change on
their next task (`live_model.get_active_model` reads the live row), so nothing restarts.
"""
from __future__ import annotations

import fcntl
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

import ml
from ml.persistence import MODEL_FILE, file_sha256, new_version, read_metadata
from scoring import verdicts
from scoring.loading import ModelRefused, model_of, verify_file
from scoring.models import ModelAuditEntry, ModelVersion

Action = ModelAuditEntry.Action


def live_version() -> ModelVersion | None:
    return ModelVersion.objects.filter(is_active=True).first()


def shadow_version() -> ModelVersion | None:
    return ModelVersion.objects.filter(is_shadow=True).first()


def register(directory: str | Path, *, note: str = "", trained_by=None) -> ModelVersion:
    """Record a saved model directory as a ready version; its file must hash to its own metadata."""
    directory = Path(directory).resolve()
    metadata = read_metadata(directory)
    if file_sha256(directory / MODEL_FILE) != metadata.get("sha256"):
        raise ModelRefused(f"{directory}: {MODEL_FILE} does not match its metadata; not registered")
    return ModelVersion.objects.create(
        version=metadata["version"], directory=str(directory), sha256=metadata["sha256"],
        status=ModelVersion.Status.READY, progress=100, metrics=metrics_of(metadata),
        training_summary=metadata.get("training_summary", {}), note=note, trained_by=trained_by,
        finished_at=timezone.now(),
    )


def bootstrap(*, replacing: ModelVersion | None = None) -> ModelVersion:
    """Train the seed-corpus model, register it and make it live, unless another process just did.

    For a fresh install (no live row), or when the live row's model is one this release cannot load
    (`replacing`). A file lock keeps two workers from training at once; the promotion is audited.
    """
    model_dir = Path(settings.PITLANE_MODEL_DIR)
    model_dir.mkdir(parents=True, exist_ok=True)
    with open(model_dir / ".bootstrap.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        live = live_version()
        if live is not None and (replacing is None or live.pk != replacing.pk):
            return live
        model = ml.bootstrap_model()
        note = "bootstrap model (seed corpus)"
        if replacing is not None:
            note += f", replacing {replacing.version}, which this release cannot load"
        row = register(ml.save_model(model, model_dir / new_version(model)), note=note)
        return promote(row.pk, None)


def promote(
    version_id: int, actor, *, action: str = Action.PROMOTE, details: dict | None = None
) -> ModelVersion:
    """Make a ready version live.

    1. Verify and load its file (hash recorded at training, then its own metadata) before anything
       changes; a tampered or foreign file raises ModelRefused and the live model keeps serving. The
       loaded model stays in this process's cache: a promotion unpickles it once.
    2. In one transaction swap the live flag and write the audit entry; promoting the shadow model
       ends its shadow run, audited too.
    """
    candidate = _ready(version_id)
    model_of(candidate)
    with transaction.atomic():
        previous = ModelVersion.objects.select_for_update().filter(is_active=True).first()
        if previous is not None and previous.pk == candidate.pk:
            return candidate
        ModelVersion.objects.filter(is_active=True).update(is_active=False)
        ModelVersion.objects.filter(pk=candidate.pk).update(
            is_active=True, promoted_by=actor, promoted_at=timezone.now()
        )
        ModelAuditEntry.objects.create(action=action, actor=actor, model=candidate, previous=previous,
                                       details=details or {})
        _end_shadow_run(candidate, actor)
    candidate.refresh_from_db()
    return candidate


def _end_shadow_run(row: ModelVersion, actor) -> None:
    """A model going live stops shadowing itself; the end of the run is audited like any other."""
    if ModelVersion.objects.filter(pk=row.pk, is_shadow=True).update(is_shadow=False, shadow_since=None):
        ModelAuditEntry.objects.create(action=Action.SHADOW_OFF, actor=actor, model=row,
                                       details={"ended_by": "promotion"})


def promote_reviewed(version_id: int, actor, *, override: str = "") -> ModelVersion:
    """An admin's promotion from the model pages: refused while the candidate's evaluation is too small
    to judge (see `verdicts.judge`), unless `override` gives the admin's reason, kept in the audit entry."""
    verdict = verdicts.judge(_ready(version_id).report)
    override = override.strip()[:200]
    if not verdict.enough and not override:
        raise ModelRefused(f"model #{version_id} was judged on {verdict.held_out} held-out decisions, too "
                           f"few to tell (at least {verdicts.MIN_EACH} of each kind); give a reason to "
                           "promote it anyway")
    details = {} if verdict.enough else {"override": override, "held_out": verdict.held_out}
    return promote(version_id, actor, details=details)


def record_refusal(row: ModelVersion, reason: str) -> None:
    """A process refused to load the live model: audited, so the models page can warn the admins."""
    ModelAuditEntry.objects.create(action=Action.REFUSED, model=row, details={"reason": reason[:500]})


def live_refusal(live: ModelVersion | None) -> str:
    """Why the live model cannot be used, if it cannot: its file fails verification now, or a worker
    refused it since it was made live. Empty when all is well."""
    if live is None:
        return ""
    try:
        verify_file(live)
    except ModelRefused as refusal:
        return str(refusal)
    refused = ModelAuditEntry.objects.filter(model=live, action=Action.REFUSED)
    if live.promoted_at is not None:
        refused = refused.filter(created_at__gte=live.promoted_at)
    entry = refused.first()
    return entry.details.get("reason", "a worker refused it") if entry else ""


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
        model_of(candidate)
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


def metrics_of(metadata: dict) -> dict:
    return {"thresholds": metadata.get("thresholds", {}), "out_of_fold": metadata.get("metrics", {}),
            "training_data": metadata.get("training_data", {})}
