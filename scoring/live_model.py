"""The model that scores comments in this process: the registry's live row, and nothing else.

Every call asks the database for the live row (one indexed query per task) and loads its model only
when the row changed, so a promotion reaches every worker on its next task without a restart. A fresh
install has no live row: the first call trains the seed model and promotes it (`registry.bootstrap`).
This is the adapter moderation reaches through the PITLANE_SCORER setting.
"""
from __future__ import annotations

import logging

import ml
from scoring import loading, registry
from scoring.loading import ModelOutdated, ModelRefused
from scoring.models import ModelVersion

log = logging.getLogger(__name__)
# The live row this process scores with, and a row it refused (so it is not re-hashed and re-logged).
_state: dict[str, int] = {}


def get_active_model(*, bootstrap: bool = True) -> ml.ModerationModel | None:
    """The live model; a refused live file leaves the last good model serving, with one log line.

    `bootstrap=False` is for the web process (the off-topic check before posting): it never trains or
    replaces a model, so a fresh install or a refused file with nothing serving gives None.
    """
    row = registry.live_version()
    if row is None:
        if not bootstrap:
            return None
        row = registry.bootstrap()
    if _state.get("refused") == row.pk and _serving() is not None:
        return _serving()
    try:
        model = loading.model_of(row)
    except ModelRefused as refusal:
        return _refused(row, refusal) if bootstrap else _serving()
    _state["serving"] = row.pk
    return model


def _refused(row: ModelVersion, refusal: ModelRefused) -> ml.ModerationModel:
    """Once per process and row: audited (the models page warns), then the last good model serves."""
    _state["refused"] = row.pk
    registry.record_refusal(row, str(refusal))
    serving = _serving()
    if serving is not None:
        log.exception("refused live model %s; still serving %s", row.version, serving.version)
        return serving
    if isinstance(refusal, ModelOutdated):
        # A worker starting after an upgrade: a seed model trained for this release takes over (audited)
        # rather than every comment waiting until an admin promotes a new model.
        log.exception("cannot use live model %s; promoting a bootstrap model for this release", row.version)
        return loading.model_of(registry.bootstrap(replacing=row))
    raise refusal


def _serving() -> ml.ModerationModel | None:
    return loading.cached(_state["serving"]) if "serving" in _state else None


def forget() -> None:
    """Forget what this process loaded and refused (tests; a process that must re-read every file)."""
    _state.clear()
    loading.forget_all()
