"""What moderators decide about readers (not comments): sanctions, their current effect, private notes.

Banned and trusted stay flags on the blog's `ReaderProfile` (the policy reads them there); a suspension
and per-reader premoderation live in `Restriction`. Every change is also a `Sanction` row: the history
shown in the reader's dossier and the notice the reader sees.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Sanction(models.Model):
    """One sanction given or lifted, by a moderator or (actor empty) by the automatic rule."""

    class Kind(models.TextChoices):
        SUSPEND = "suspend", "Suspended"
        LIFT_SUSPENSION = "unsuspend", "Suspension lifted"
        PREMODERATE = "premoderate", "Premoderated"
        LIFT_PREMODERATION = "unpremoderate", "Premoderation lifted"
        BAN = "ban", "Banned"
        UNBAN = "unban", "Unbanned"
        TRUST = "trust", "Trusted"
        UNTRUST = "untrust", "Trust withdrawn"

    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=14, choices=Kind.choices)
    reason = models.CharField(max_length=300, blank=True, help_text="Shown to the reader.")
    ends_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["reader", "kind", "-created_at"], name="sanction_reader_idx")]

    def __str__(self) -> str:
        who = self.actor or "automatic rule"
        return f"{self.get_kind_display()}: {self.reader} by {who}"

    @property
    def is_automatic(self) -> bool:
        return self.actor_id is None


class Restriction(models.Model):
    """A reader's current suspension and premoderation; no row means neither."""

    reader = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="restriction"
    )
    suspended_until = models.DateTimeField(null=True, blank=True)
    premoderated = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Restriction of {self.reader_id}"

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()


class ReaderNote(models.Model):
    """A moderator's private note about a reader; never shown to the reader."""

    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Note on {self.reader_id} by {self.author}"
