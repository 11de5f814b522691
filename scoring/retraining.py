"""Retraining: moderators' decisions, imported corpora and the seed become a candidate and its report."""
from __future__ import annotations

import json
import logging
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

import ml
from config.celery_app import enqueue_after_commit
from ml.dataset import Decision, TrainingSet, build_training_set
from ml.persistence import new_version
from ml.plots import render_plots
from ml.report import compare_models
from ml.seed import seed_examples
from moderation import inputs
from moderation.models import AuditEntry
from scoring import labels, registry, traffic
from scoring.loading import model_of
from scoring.models import ImportedExample, ModelAuditEntry, ModelVersion

log = logging.getLogger(__name__)
STALE_TRAINING = timedelta(hours=1)
RETRAIN_TASK = "scoring.tasks.retrain_model"
# The kind of an example labelled from the queue's "Needs a label" lane (else its kind is its label).
NEEDS_LABEL = "needs_label"


def moderator_decisions() -> list[Decision]:
    """The latest labelling decision a person made on each comment, dated for the time-based split."""
    latest: dict[int, AuditEntry] = {}
    for entry in labels.latest_decisions():
        latest.setdefault(entry.comment_id, entry)
    decisions = []
    for entry in latest.values():
        label = labels.decision_label(entry.action, entry.reason)
        if label is not None:
            kind = NEEDS_LABEL if entry.needs_label else label
            example = ml.Example(inputs.comment_input(entry.comment), label,
                                 f"article-{entry.comment.article_id}", "decision", kind)
            decisions.append(Decision(example, entry.created_at, str(entry.comment_id)))
    return decisions


def imported_examples() -> list[ml.Example]:
    rows = ImportedExample.objects.order_by("-corpus_id", "id").iterator(chunk_size=2000)
    return [ml.Example(ml.CommentInput(r.article_title, r.article_body, r.body, r.parent_body), r.label,
                       r.group or f"corpus-{r.corpus_id}", f"corpus:{r.corpus_id}", r.kind) for r in rows]


def training_set() -> TrainingSet:
    """Decisions, corpora and the seed; the summary also counts the labels from the "Needs a label" lane."""
    seed = seed_examples() if settings.PITLANE_RETRAIN_WITH_SEED else []
    dataset = build_training_set(moderator_decisions(), imported_examples(), seed,
                                 fraction=settings.PITLANE_RETRAIN_HOLDOUT)
    dataset.summary["train"]["needs_label"] = sum(e.kind == NEEDS_LABEL for e in dataset.train)
    dataset.summary["holdout"]["needs_label"] = sum(d.example.kind == NEEDS_LABEL for d in dataset.holdout)
    return dataset


def request_retrain(actor, *, note: str = "", enqueue: bool = True) -> ModelVersion:
    """Create the candidate's row and (unless told not to) hand it to the worker after commit.

    One training at a time: while a recent one is still running, that row is returned instead.
    """
    with transaction.atomic():
        running = ModelVersion.objects.select_for_update().filter(
            status=ModelVersion.Status.TRAINING, created_at__gte=timezone.now() - STALE_TRAINING).first()
        if running is not None:
            return running
        row = ModelVersion.objects.create(trained_by=actor, note=note, progress_note="waiting for a worker")
        ModelAuditEntry.objects.create(action=ModelAuditEntry.Action.RETRAIN, actor=actor, model=row)
        if enqueue:
            enqueue_after_commit(RETRAIN_TASK, row.pk)
    return row


def run_retrain(version_id: int) -> ModelVersion | None:
    """Train the candidate for a row still marked training; a finished or failed row is left alone.

    1. build the training set; 2. train; 3. save the model; 4. compare it with the live model on the
    held-out decisions and save the report and plots; 5. mark the row ready (or failed, with the error).
    """
    row = ModelVersion.objects.filter(pk=version_id, status=ModelVersion.Status.TRAINING).first()
    if row is None:
        return None
    try:
        _train_into(row)
    except Exception as error:  # a failed candidate must say why, never spin as "training" for ever
        log.exception("retraining model #%s failed", row.pk)
        known = isinstance(error, ml.DataError | ml.ModelError)
        message = str(error) if known else f"{type(error).__name__}: {error}"
        _progress(row, status=ModelVersion.Status.FAILED, error=message, progress_note="failed",
                  finished_at=timezone.now())
    row.refresh_from_db()
    return row


def _train_into(row: ModelVersion) -> None:
    _progress(row, progress=5, progress_note="collecting decisions, corpora and the seed")
    dataset = training_set()
    _progress(row, progress=15, progress_note=f"training on {len(dataset.train)} examples",
              training_summary=dataset.summary)
    model = ml.train_model(dataset.train, folds=settings.PITLANE_RETRAIN_FOLDS)
    model.metadata["training_summary"] = dataset.summary
    directory = ml.save_model(model, Path(settings.PITLANE_MODEL_DIR) / f"r{row.pk}-{new_version(model)}")
    _progress(row, progress=85, progress_note=f"comparing with the live model on {len(dataset.holdout)} rows")
    live = registry.live_version() or registry.bootstrap()
    report = compare_models(dataset.holdout, model, model_of(live))
    report["live_id"] = live.pk
    report["traffic"] = traffic.compare_holds(model, model_of(live))
    write_report(directory, report)
    metadata = json.loads((directory / ml.persistence.METADATA_FILE).read_text())
    _progress(row, status=ModelVersion.Status.READY, progress=100, progress_note="ready", report=report,
              version=model.version, directory=str(directory), sha256=metadata["sha256"],
              metrics=registry.metrics_of(metadata), finished_at=timezone.now())


def write_report(directory: Path, report: dict) -> None:
    """report.json and the PNG plots beside the model, so the report page needs no re-rendering."""
    plots = directory / "plots"
    plots.mkdir(exist_ok=True)
    for name, image in render_plots(report).items():
        (plots / name).write_bytes(image)
    (directory / "report.json").write_text(json.dumps(report) + "\n")


def _progress(row: ModelVersion, **fields) -> None:
    ModelVersion.objects.filter(pk=row.pk).update(**fields)

