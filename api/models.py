"""API keys: what lets another blog use Pitlane, stored as a hash, scoped, revocable."""
from __future__ import annotations

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
