"""Celery tasks of the model's life cycle: thin, idempotent, safe to deliver twice (`acks_late`)."""
from __future__ import annotations

from celery import shared_task

from scoring import retraining, shadow


@shared_task(acks_late=True, soft_time_limit=900, time_limit=960)
def retrain_model(model_version_id: int) -> str | None:
    """Train the candidate a row asks for (progress is stored on the row); a finished row is skipped."""
    row = retraining.run_retrain(model_version_id)
    return row.status if row else None


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
def score_with_shadow() -> int:
    """Let the shadow model score recent comments it has not seen; it decides nothing."""
    return shadow.score_with_shadow()


@shared_task(acks_late=True, soft_time_limit=20, time_limit=30)
def propose_weekly_retrain() -> int:
    """Beat's weekly retrain: it proposes a candidate for an admin to review, never promotes it."""
    return retraining.request_retrain(None, note="weekly retrain (proposed by the schedule)").pk
