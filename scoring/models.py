"""The model registry: every trained model version, who trained and promoted it, and imported corpora."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class ModelVersion(models.Model):
    """One trained model directory; at most one row is live (`is_active`) and at most one is shadowing."""

    class Status(models.TextChoices):
        TRAINING = "training", "Training"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    version = models.CharField(max_length=80, blank=True, db_index=True)
    directory = models.CharField(max_length=500, blank=True)
    # The model file's SHA-256 as we wrote it: a file whose own metadata agrees but this does not is foreign.
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.TRAINING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done while training.")
    progress_note = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    metrics = models.JSONField(default=dict, blank=True, help_text="Thresholds and out-of-fold metrics.")
    training_summary = models.JSONField(default=dict, blank=True)
    report = models.JSONField(default=dict, blank=True, help_text="Candidate against live on held-out rows.")
    note = models.CharField(max_length=200, blank=True)
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    promoted_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=False)
    is_shadow = models.BooleanField(default=False)
    shadow_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("manage_models", "Can retrain, promote and roll back scoring models")]
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="one_live_model"),
            models.UniqueConstraint(
                fields=["is_shadow"], condition=Q(is_shadow=True), name="one_shadow_model"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version or f'model #{self.pk}'} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("scoring:model_report", args=[self.pk])


class ModelAuditEntry(models.Model):
    """Who changed which model serves, and when: promotions, roll-backs, shadow changes, retrain requests,
    and the live model refused by a worker at load."""

    class Action(models.TextChoices):
        RETRAIN = "retrain", "Retrain requested"
        PROMOTE = "promote", "Promoted"
        ROLLBACK = "rollback", "Rolled back"
        SHADOW_ON = "shadow_on", "Shadow scoring started"
        SHADOW_OFF = "shadow_off", "Shadow scoring stopped"
        THRESHOLDS = "thresholds", "Hold thresholds changed"
        REFUSED = "refused", "Refused at load"

    action = models.CharField(max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    model = models.ForeignKey(
        ModelVersion, null=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    previous = models.ForeignKey(
        ModelVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "model audit entries"

    def __str__(self) -> str:
        return f"{self.actor or 'system'}: {self.get_action_display()} {self.model}"


class ImportedCorpus(models.Model):
    """A labelled file an admin imported; its examples join every later retrain."""

    class Format(models.TextChoices):
        JSONL = "jsonl", "Pitlane JSONL"
        YOUTUBE = "youtube", "YouTube Spam Collection CSV"
        NEWSGROUPS = "20news", "20 Newsgroups folder or .tar.gz"

    name = models.CharField(max_length=200)
    format = models.CharField(max_length=10, choices=Format.choices)
    counts = models.JSONField(default=dict, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "imported corpora"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_format_display()})"


class ImportedExample(models.Model):
    corpus = models.ForeignKey(ImportedCorpus, on_delete=models.CASCADE, related_name="examples")
    article_title = models.CharField(max_length=300, blank=True)
    article_body = models.TextField(blank=True)
    parent_body = models.TextField(blank=True)
    body = models.TextField()
    label = models.CharField(max_length=10)
    kind = models.CharField(max_length=30, blank=True)
    group = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.label}: {self.body[:40]}"
