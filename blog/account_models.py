"""What readers did to their accounts themselves: the audit of data downloads and account deletions."""
from __future__ import annotations

from django.db import models
from django.utils import timezone


class AccountEvent(models.Model):
    """One download of a reader's data or one deletion of an account, kept after the account is gone.

    The reader is named by id and username, not by a foreign key: a deletion must outlive its account.
    """

    class Kind(models.TextChoices):
        DATA_DOWNLOADED = "data_downloaded", "Downloaded their data"
        ACCOUNT_DELETED = "account_deleted", "Deleted their account"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    user_id = models.PositiveIntegerField(db_index=True)
    username = models.CharField(max_length=150)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"@{self.username} (#{self.user_id}): {self.get_kind_display()}"
