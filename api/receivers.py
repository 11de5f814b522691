"""Moderation's and the registry's events, turned into webhook deliveries (wired in ApiConfig.ready)."""
from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from api import webhooks
from api.models import WebhookSubscription
from blog.models import Comment
from moderation.signals import status_changed
from scoring.models import ModelAuditEntry


@receiver(status_changed)
def comment_status_changed(sender, entries, **kwargs) -> None:
    if webhooks.any_subscription():
        transaction.on_commit(lambda: webhooks.comment_events(entries))


@receiver(post_save, sender=Comment)
def comment_created(sender, instance: Comment, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw and webhooks.any_subscription():
        transaction.on_commit(lambda: webhooks.comment_events([], created_ids=[instance.pk]))


@receiver(post_save, sender=WebhookSubscription)
@receiver(post_delete, sender=WebhookSubscription)
def subscriptions_changed(sender, **kwargs) -> None:
    webhooks.forget_subscriptions()


@receiver(post_save, sender=ModelAuditEntry)
def model_promoted(sender, instance: ModelAuditEntry, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw and instance.action in PROMOTIONS:
        transaction.on_commit(lambda: webhooks.model_promoted(
            instance.model.version if instance.model_id else "",
            instance.previous.version if instance.previous_id else "",
        ))


PROMOTIONS = {ModelAuditEntry.Action.PROMOTE, ModelAuditEntry.Action.ROLLBACK}
