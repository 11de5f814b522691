"""Signed webhooks: events become deliveries (one per subscription), a task sends each until it lands.

A delivery is JSON `{"id", "event", "created_at", "site", "data"}` POSTed with
`X-Pitlane-Timestamp: <unix seconds>` and `X-Pitlane-Signature: sha256=<hex HMAC-SHA256 of
"<timestamp>.<body>" keyed by the subscription's secret>`. The id is the same on every retry, so a
receiver that remembers ids processes each event once.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from api.models import WebhookDelivery, WebhookSubscription
from blog.models import Comment, Site
from config.celery_app import task_named

log = logging.getLogger(__name__)
Event = WebhookSubscription.Event
Status = Comment.Status
DECIDED = {Status.PUBLISHED, Status.REJECTED, Status.SPAM, Status.REMOVED}


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


# Whether any subscription is active, asked at most every few seconds per process: most installs
# have none, and then moderation's hot paths must not pay a query (or an on_commit) per comment.
# A new subscription reaches other processes within SUBSCRIPTIONS_TTL seconds.
SUBSCRIPTIONS_TTL = 5.0
_subscriptions: dict[str, float | bool] = {}


def any_subscription() -> bool:
    if time.monotonic() - float(_subscriptions.get("at", -SUBSCRIPTIONS_TTL)) >= SUBSCRIPTIONS_TTL:
        _subscriptions.update(at=time.monotonic(),
                              active=WebhookSubscription.objects.filter(is_active=True).exists())
    return bool(_subscriptions["active"])


def forget_subscriptions() -> None:
    _subscriptions.clear()


def comment_events(entries: Iterable[Any], created_ids: Iterable[int] = ()) -> list[WebhookDelivery]:
    """Deliveries for comments that arrived or changed status."""
    changes = {entry.comment_id: entry for entry in entries}
    created_ids = set(created_ids)
    ids = set(changes) | created_ids
    comments = Comment.objects.select_related("article__site", "review").filter(pk__in=ids)
    events = []
    for comment in comments:
        if comment.pk in created_ids:
            events.append((comment.article.site, Event.COMMENT_CREATED, {"comment": describe(comment)}))
        entry = changes.get(comment.pk)
        if entry is not None:
            events += _status_event(comment, entry)
    return _queue(events)


def _status_event(comment: Comment, entry: Any) -> list[tuple[Site, str, dict]]:
    site, data = comment.article.site, {"comment": describe(comment)}
    if entry.to_status == Status.HELD:
        return [(site, Event.COMMENT_HELD, {**data, "reasons": list(entry.details or [])})]
    if entry.to_status in DECIDED and entry.from_status != entry.to_status:
        collapsed = comment.collapsed and entry.to_status == Status.PUBLISHED
        outcome = "collapsed" if collapsed else entry.to_status
        if entry.actor_id:
            by = {"moderator": entry.actor.first_name or entry.actor.get_username()}
        else:
            by = {"model_version": entry.model_version}
        return [(site, Event.COMMENT_DECIDED, {**data, "outcome": outcome, "decided_by": by})]
    return []


def model_promoted(version: str, previous: str) -> list[WebhookDelivery]:
    """A new live model concerns every site."""
    data = {"model": {"version": version}, "previous": {"version": previous}}
    sites = Site.objects.filter(webhooks__is_active=True).distinct()
    return _queue([(site, Event.MODEL_PROMOTED, data) for site in sites])


def describe(comment: Comment) -> dict[str, Any]:
    review = getattr(comment, "review", None)
    return {
        "id": comment.pk, "article_id": comment.article_id, "article_url": comment.article.url,
        "status": comment.status, "collapsed": comment.collapsed,
        "reason_codes": review.codes if review else [],
        "model_version": review.model_version if review else "",
        "spam_score": review.spam_score if review else None,
        "drift_score": review.drift_score if review else None,
    }


def _queue(events: list[tuple[Site, str, dict]]) -> list[WebhookDelivery]:
    """One delivery per interested subscription, saved, then handed to the task after commit."""
    if not events:
        return []
    sites = {site for site, _, _ in events}
    subscriptions = list(WebhookSubscription.objects.filter(is_active=True, site__in=sites))
    deliveries = []
    for site, event, data in events:
        for subscription in subscriptions:
            if subscription.site_id == site.pk and event in subscription.events:
                delivery_id = uuid.uuid4()
                body = json.dumps({
                    "id": str(delivery_id), "event": event, "created_at": timezone.now().isoformat(),
                    "site": {"id": site.pk, "name": site.name}, "data": data,
                }, separators=(",", ":"))
                deliveries.append(WebhookDelivery(id=delivery_id, subscription=subscription, event=event,
                                                  body=body))
    WebhookDelivery.objects.bulk_create(deliveries)
    transaction.on_commit(lambda: _enqueue([delivery.pk for delivery in deliveries]))
    return deliveries


def _enqueue(delivery_ids: list[uuid.UUID]) -> None:
    deliver_webhook = task_named("api.tasks.deliver_webhook")  # by name: api.tasks imports this module
    for delivery_id in delivery_ids:
        try:
            deliver_webhook.apply_async((str(delivery_id),), retry_policy={"max_retries": 1})
        except Exception:  # the broker is down: the row stays pending for `resend_pending`
            log.warning("could not enqueue webhook delivery %s", delivery_id, exc_info=True)


def attempt(delivery_id: str) -> bool | None:
    """Send one delivery once; True delivered, False failed this time, None nothing to do.

    A delivered or given-up delivery is never sent again, so a re-delivered task is harmless.
    """
    delivery = WebhookDelivery.objects.select_related("subscription").filter(
        pk=delivery_id, status=WebhookDelivery.Status.PENDING).first()
    if delivery is None:
        return None
    status_code, error = _post(delivery)
    ok = status_code is not None and 200 <= status_code < 300
    entry = {"at": timezone.now().isoformat(), "status": status_code, "error": error}
    WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.Status.PENDING).update(
        attempts=F("attempts") + 1, last_status_code=status_code, log=[*delivery.log, entry],
        **({"status": WebhookDelivery.Status.DELIVERED, "delivered_at": timezone.now()} if ok else {}),
    )
    log.info("webhook %s %s to %s: %s", delivery.event, delivery.pk, delivery.subscription.url,
             status_code or error)
    return ok


def give_up(delivery_id: str) -> None:
    WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.FAILED
    )


def backoff(retries: int) -> float:
    """Seconds before the next try: doubling from PITLANE_WEBHOOK_BACKOFF, capped at an hour."""
    return min(settings.PITLANE_WEBHOOK_BACKOFF * 2**retries, 3600)


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    body = delivery.body.encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(delivery.subscription.url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "Pitlane-Webhooks/1",
        "X-Pitlane-Event": delivery.event, "X-Pitlane-Delivery": str(delivery.pk),
        "X-Pitlane-Timestamp": timestamp,
        "X-Pitlane-Signature": signature(delivery.subscription.secret, timestamp, body),
    })
    try:
        with urllib.request.urlopen(request, timeout=settings.PITLANE_WEBHOOK_TIMEOUT) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, OSError) as error:
        return None, str(getattr(error, "reason", error))[:200]
