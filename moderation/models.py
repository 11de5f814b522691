"""What moderation remembers about comments: scores, the current review, every decision, and its settings.

`Comment.status` itself lives on the blog model and is written only by `moderation.services`.
"""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from blog.models import Comment, Report, Site

MODERATORS_GROUP = "moderators"


class ModerationSettings(models.Model):
    """One row of admin-editable policy knobs; `load()` creates it with defaults on first use."""

    use_model_thresholds = models.BooleanField(
        default=True, help_text="Take the spam and drift hold thresholds from the active model."
    )
    spam_hold_threshold = models.FloatField(default=0.5, help_text="Hold when spam score reaches this.")
    spam_reject_threshold = models.FloatField(
        default=0.97, help_text="Reject outright when spam score reaches this (near-certain spam)."
    )
    drift_hold_threshold = models.FloatField(default=0.7, help_text="Hold when drift score reaches this.")
    drift_collapse_threshold = models.FloatField(
        default=0.45, help_text="Publish collapsed behind 'show off-topic reply' from this drift score."
    )
    banned_words = models.TextField(blank=True, help_text="One per line; a match holds the comment.")
    blocked_words = models.TextField(blank=True, help_text="One per line; a match rejects the comment.")
    premoderate_first = models.PositiveIntegerField(
        default=0, help_text="Hold a reader's comments until this many have been published (0: off)."
    )
    reports_to_hold = models.PositiveIntegerField(
        default=3, help_text="Reader reports that pull a published comment back into the queue."
    )
    auto_premoderate_rate = models.FloatField(
        default=0.0,
        help_text="Premoderate a reader automatically once this share (0-1) of their last decided comments "
        "was rejected (0: off).",
    )
    auto_premoderate_window = models.PositiveIntegerField(
        default=10, help_text="How many of the reader's latest decided comments the rejection share counts."
    )

    class Meta:
        verbose_name = "moderation settings"
        verbose_name_plural = "moderation settings"

    def __str__(self) -> str:
        return "Moderation settings"

    def save(self, *args, **kwargs) -> None:
        self.pk = 1  # a singleton: every save writes the same row
        super().save(*args, **kwargs)

    def clean(self) -> None:
        for name in ("spam_hold_threshold", "spam_reject_threshold", "drift_hold_threshold",
                     "drift_collapse_threshold"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValidationError({name: "Thresholds are probabilities between 0 and 1."})
        if self.drift_collapse_threshold > self.drift_hold_threshold:
            raise ValidationError({"drift_collapse_threshold": "Collapse must not exceed hold."})
        if not 0.0 <= self.auto_premoderate_rate <= 1.0:
            raise ValidationError({"auto_premoderate_rate": "A share between 0 and 1."})
        if self.spam_reject_threshold < self.spam_hold_threshold:
            raise ValidationError({"spam_reject_threshold": "Reject must not be below the hold threshold."})

    @classmethod
    def load(cls) -> ModerationSettings:
        row, _ = cls.objects.get_or_create(pk=1)
        return row


class ScoreRecord(models.Model):
    """One model version's opinion of one comment; unique so a re-delivered task never duplicates it."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="score_records")
    model_version = models.CharField(max_length=80)
    spam_score = models.FloatField()
    drift_score = models.FloatField()
    reasons = models.JSONField(default=list)
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-scored_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "model_version"], name="one_score_per_comment_per_model"
            )
        ]

    def __str__(self) -> str:
        scores = f"spam {self.spam_score:.2f}, drift {self.drift_score:.2f}"
        return f"#{self.comment_id} by {self.model_version}: {scores}"


class LabelWanted(models.TextChoices):
    UNSURE = "unsure", "The model is unsure: a score lies close to a threshold"
    DISAGREE = "disagree", "The live and shadow models disagree"


class Review(models.Model):
    """Why a comment sits where it does now: latest scores and the hold reasons, for the queue."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="review")
    model_version = models.CharField(max_length=80, blank=True)
    spam_score = models.FloatField(null=True, blank=True)
    drift_score = models.FloatField(null=True, blank=True)
    # Comma-wrapped codes (",spam,off_topic,") so a reason filter is one indexed-free LIKE on any database.
    reason_codes = models.CharField(max_length=200, blank=True)
    reasons = models.JSONField(default=list)
    # Reports since a moderator last looked; the Reported tab lists comments with any.
    open_reports = models.PositiveIntegerField(default=0)
    # Those reports' summed weights (moderation.policy.report_weight); they pull the comment back.
    open_report_weight = models.FloatField(default=0.0)
    # Why a moderator's label here would teach the model most (the "Needs a label" tab); cleared once
    # a moderator decides the comment.
    label_wanted = models.CharField(max_length=10, blank=True, choices=LabelWanted.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["open_reports"], name="review_open_reports_idx")]

    def __str__(self) -> str:
        return f"Review of #{self.comment_id}: {self.reason_codes.strip(',') or 'clean'}"

    @property
    def codes(self) -> list[str]:
        return codes_of(self.reason_codes)


def codes_of(reason_codes: str | None) -> list[str]:
    """A review's `reason_codes` column (",spam,off_topic,") as a list."""
    return [code for code in (reason_codes or "").split(",") if code]


class AuditEntry(models.Model):
    """Every status change, by the model or a person; a moderator's entry is the next training label."""

    class Action(models.TextChoices):
        SCORED = "scored", "Scored by the model"
        UNSCORABLE = "unscorable", "Could not be scored"
        REPORTED = "reported", "Pulled back by reports"
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"
        SPAM_BAN = "spam_ban", "Marked spam, author banned"
        UNDO = "undo", "Undone"
        EDITED = "edited", "Edited by its author"
        AUTHOR_DELETED = "deleted", "Deleted by its author"

    # One vocabulary for why a comment is unwanted, whether a reader reports it or a moderator rejects it.
    Reason = Report.Reason

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    reason = models.CharField(max_length=12, choices=Reason.choices, blank=True)
    # Internal: moderators only. `explanation` is the public word to the author, shown beside the comment.
    note = models.CharField(max_length=500, blank=True)
    explanation = models.CharField(max_length=500, blank=True)
    from_status = models.CharField(max_length=12, choices=Comment.Status.choices)
    to_status = models.CharField(max_length=12, choices=Comment.Status.choices)
    model_version = models.CharField(max_length=80, blank=True)
    spam_score = models.FloatField(null=True, blank=True)
    drift_score = models.FloatField(null=True, blank=True)
    details = models.JSONField(default=list, blank=True)
    # The site whose API key made the change (a blog's moderator, its Akismet or Coral call);
    # empty for Pitlane's own moderators and the worker.
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The decision an undo reverses; one-to-one, so a decision is undone at most once.
    undoes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="undone_by"
    )
    # A moderator decided the comment from the "Needs a label" lane: its training label is marked so.
    needs_label = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["comment", "-created_at"], name="audit_comment_idx")]

    def __str__(self) -> str:
        who = self.actor or "model"
        change = f"{self.from_status} -> {self.to_status}"
        return f"{who}: {self.get_action_display()} #{self.comment_id} ({change})"



# A moderator's decisions on a comment: the ones an undo can reverse and a label can come from.
DECISIONS = (AuditEntry.Action.APPROVE, AuditEntry.Action.REJECT, AuditEntry.Action.SPAM_BAN)


class SentNotice(models.Model):
    """An e-mail about a comment has been sent; one per comment, so a re-delivered task never sends twice."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="%(class)s")
    recipient = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} on #{self.comment_id} sent to {self.recipient}"


class ReplyNotice(SentNotice):
    """The e-mail telling the parent's author about a published reply."""


class DecisionNotice(SentNotice):
    """The e-mail telling an author a moderator rejected their comment."""


class LinkDomainChange(models.Model):
    """A moderator allowed or disallowed a link domain; the allow list is each domain's latest change.

    Rows are only ever added, so the list's whole history (who, when, what) stays readable.
    """

    domain = models.CharField(max_length=253, db_index=True)
    allowed = models.BooleanField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{'allow' if self.allowed else 'disallow'} {self.domain} ({self.actor or 'system'})"


# Sanctions on readers live in their own module; importing it here makes its models part of this app.
from moderation.reader_models import ReaderNote, Restriction, Sanction  # noqa: E402, F401


class WordListChange(models.Model):
    """A moderator's edit of the word lists: who, when, and the lists before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    banned_before = models.TextField(blank=True)
    banned_after = models.TextField(blank=True)
    blocked_before = models.TextField(blank=True)
    blocked_after = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Word lists changed by {self.actor} at {self.created_at:%Y-%m-%d %H:%M}"
