"""API keys (stored as a hash, scoped, revocable) and webhook subscriptions with their deliveries."""
from __future__ import annotations

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from blog.models import Site


class ApiKeyQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    class Scope(models.TextChoices):
        CHECK = "check", "Check comments (Akismet, Coral, submit and read)"
        MODERATE = "moderate", "Moderate (approve, reject, spam; read the queue)"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="api_keys")
    # The key's public first part, shown in the admin and logs; the rest is known only by its hash.
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    scopes = models.JSONField(default=list)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["site", "-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        state = " (revoked)" if self.revoked_at else ""
        return f"{self.prefix}… for {self.site}{state}"

    def allows(self, scope: str) -> bool:
        return self.revoked_at is None and scope in self.scopes


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    class Event(models.TextChoices):
        COMMENT_CREATED = "comment.created", "A comment arrived"
        COMMENT_HELD = "comment.held", "A comment entered the moderation queue"
        COMMENT_DECIDED = "comment.decided", "A comment was decided (published, collapsed, rejected, spam)"
        MODEL_PROMOTED = "model.promoted", "A new model went live"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500, help_text="Pitlane POSTs signed JSON events here.")
    events = models.JSONField(default=list, help_text=f"Any of: {', '.join(Event.values)}.")
    # Shared with the site, which checks X-Pitlane-Signature with it; shown in the admin.
    secret = models.CharField(max_length=64, default=new_secret)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["site", "url"]

    def __str__(self) -> str:
        return f"{self.site}: {self.url}"

    def clean(self) -> None:
        unknown = set(self.events) - set(self.Event.values)
        if unknown or not isinstance(self.events, list):
            raise ValidationError({"events": f"Choose from: {', '.join(self.Event.values)}."})


class WebhookDelivery(models.Model):
    """One event for one subscription; its id is the idempotency key the receiver sees."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed after every retry"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=30, choices=WebhookSubscription.Event.choices)
    body = models.TextField(help_text="The JSON sent, byte for byte what was signed.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    log = models.JSONField(default=list, help_text="Each attempt: when, response status or error.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} to {self.subscription.url} ({self.status})"


class Heartbeat(models.Model):
    """When a worker last ran the heartbeat task; /healthz calls a worker stale after a while."""

    name = models.CharField(max_length=40, primary_key=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%H:%M:%S}"


class CoralPhase(models.Model):
    """A Coral Talk install's external moderation phase pointed at Pitlane for one site.

    Coral signs each request with the phase's signing secret (X-Coral-Signature); paste it here. The
    phase's URL in Coral is /coral/v1/phases/<id>/ on this server.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="coral_phases")
    signing_secret = models.CharField(max_length=200, help_text="The phase's signing secret, from Coral.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["site", "created_at"]

    def __str__(self) -> str:
        return f"Coral phase {self.pk} for {self.site}"
