"""Celery tasks: thin, idempotent, safe to deliver twice (`acks_late` is on for all of them)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from celery import shared_task
from celery.signals import task_failure, task_retry, worker_init
from django.db import InterfaceError, OperationalError, close_old_connections, transaction
from kombu.exceptions import OperationalError as BrokerError

from blog import mail
from moderation import services, worker
from moderation.models import DecisionNotice, ReplyNotice, SentNotice
from moderation.outcomes import outcome_of

log = logging.getLogger(__name__)
# Errors worth another try: a locked or restarting database, a dropped connection.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError, BrokerError)


@worker_init.connect
def load_model_before_forking(**_: object) -> None:
    """Train or load the model once in the parent, before any task's time limit is ticking.

    A fresh install trains its bootstrap model here (seconds, not inside a task); prefork children then
    inherit the loaded model instead of each loading their own.
    """
    try:
        worker.active_model()
    except Exception:  # the worker must still start; tasks will hold comments as unscorable
        log.exception("could not load the scoring model at worker start")


@task_retry.connect
@task_failure.connect
def drop_broken_database_connections(**_: object) -> None:
    """After a failed try, close a connection the database dropped (it restarted) before the next task.

    The worker keeps its connection across tasks (CELERY_DB_REUSE_MAX), so a connection broken by a
    database restart would otherwise be handed to the retry as well.
    """
    close_old_connections()


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=5,
    soft_time_limit=20, time_limit=30,
)
def score_comment(self, comment_id: int, fresh: bool = False) -> str | None:
    """Score a pending comment and apply the policy; after the last retry, hold it as unscorable."""
    try:
        return worker.score_pending(comment_id, fresh=fresh)
    except TRANSIENT as exc:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=exc, countdown=min(2**self.request.retries, 30)) from exc
        return _give_up(comment_id, exc)
    except Exception as exc:  # a bug or a broken model: retrying will not help, a person will
        return _give_up(comment_id, exc)


def _give_up(comment_id: int, exc: Exception) -> str | None:
    log.error("could not score comment %s: %r", comment_id, exc, exc_info=exc)
    return "held" if services.mark_unscorable(comment_id, f"{type(exc).__name__}: {exc}") else None


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
def sweep_pending(older_than_seconds: int = 60) -> int:
    """Re-enqueue comments left pending (broker down, message lost); the scoring task is idempotent."""
    stale = services.stale_pending_ids(timedelta(seconds=older_than_seconds))
    # Fresh: a comment still pending after a minute may be one this worker decided before an edit.
    return sum(score_comment.send_or_log(comment_id, True) for comment_id in stale)


@shared_task(
    bind=True, acks_late=True, max_retries=5, soft_time_limit=20, time_limit=30,
    autoretry_for=TRANSIENT + (OSError,), retry_backoff=True, retry_backoff_max=300,
)
def send_reply_notification(self, comment_id: int) -> bool:
    """E-mail the parent's author about a published reply, once."""
    found = services.reply_notice_recipient(comment_id)
    if found is None:
        return False
    reply, recipient = found
    return _send_once(ReplyNotice, comment_id, recipient, lambda: mail.reply_notice(reply))



@shared_task(
    bind=True, acks_late=True, max_retries=5, soft_time_limit=20, time_limit=30,
    autoretry_for=TRANSIENT + (OSError,), retry_backoff=True, retry_backoff_max=300,
)
def send_decision_notice(self, comment_id: int) -> bool:
    """E-mail an author who opted in that a moderator rejected their comment, with the explanation, once."""
    found = services.decision_notice_recipient(comment_id)
    if found is None:
        return False
    comment, recipient = found
    return _send_once(DecisionNotice, comment_id, recipient,
                      lambda: mail.decision_notice(comment, outcome_of(comment).message))


def _send_once(notice: type[SentNotice], comment_id: int, recipient: str, message: Callable) -> bool:
    """Claim the notice row and send the message in one transaction: a second delivery sends nothing."""
    with transaction.atomic():
        _, created = notice.objects.get_or_create(comment_id=comment_id, defaults={"recipient": recipient})
        if not created:
            return False
        message().send()
    return True
