"""Webhook delivery: thin and idempotent by delivery id (a delivered one is never sent again)."""
from __future__ import annotations

from celery import shared_task
from django.conf import settings

from api import health, webhooks


@shared_task(bind=True, acks_late=True, max_retries=None, soft_time_limit=30, time_limit=40)
def deliver_webhook(self, delivery_id: str) -> bool | None:
    """POST one delivery; on failure retry with doubling backoff, up to PITLANE_WEBHOOK_MAX_ATTEMPTS."""
    delivered = webhooks.attempt(delivery_id)
    if delivered is False:
        if self.request.retries + 1 < settings.PITLANE_WEBHOOK_MAX_ATTEMPTS:
            raise self.retry(countdown=webhooks.backoff(self.request.retries))
        webhooks.give_up(delivery_id)
    return delivered


@shared_task(acks_late=True, soft_time_limit=10, time_limit=20)
def heartbeat() -> None:
    """Beat sends this every PITLANE_HEARTBEAT_EVERY seconds; /healthz reads when a worker last ran it."""
    health.record_heartbeat()
