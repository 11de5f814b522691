"""Articles and their threaded reader comments.

A comment's `status` is written only by `moderation.services`; the blog reads it.
"""
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Tag(models.Model):
    class Kind(models.TextChoices):
        MAKE = "make", "Make"
        MODEL = "model", "Model"
        TOPIC = "topic", "Topic"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=80)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="unique_tag_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class Site(models.Model):
    """A blog whose comments Pitlane moderates; Pitlane's own site is the one with `is_home`."""

    name = models.CharField(max_length=100, unique=True)
    url = models.URLField(max_length=300, help_text="The blog's front page.")
    is_home = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_home"], condition=models.Q(is_home=True), name="one_home_site"
            )
        ]

    def __str__(self) -> str:
        return self.name


def home_site_id() -> int:
    """Pitlane's own site (created on first use): the default owner of an article."""
    site, _ = Site.objects.get_or_create(
        is_home=True, defaults={"name": settings.PITLANE_SITE_NAME, "url": settings.PITLANE_SITE_URL}
    )
    return site.pk


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles this site shows its readers: its own, once their publication time has come."""
        return self.filter(published_at__lte=timezone.now(), site__is_home=True)


class Article(models.Model):
    site = models.ForeignKey(Site, on_delete=models.PROTECT, default=home_site_id, related_name="articles")
    # Where the article lives on another site: comments arriving from there are matched to it by this URL
    # (Akismet's `permalink`, Coral's story URL) or by the site's own id for it.
    url = models.URLField(max_length=500, blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    standfirst = models.CharField(max_length=400, help_text="The one-paragraph summary under the headline.")
    body = models.TextField()
    byline = models.CharField(max_length=120, help_text="The writer's name as printed.")
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    comments_open = models.BooleanField(default=True)
    premoderate_all = models.BooleanField(
        default=False, help_text="Hold every new comment on this article for a moderator."
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "url"], condition=~models.Q(url=""), name="unique_article_url"
            ),
            models.UniqueConstraint(
                fields=["site", "external_id"], condition=~models.Q(external_id=""),
                name="unique_article_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("blog:article_detail", kwargs={"slug": self.slug})


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published comments and authors' deletion placeholders, plus the user's own in any state."""
        published = models.Q(status=Comment.Status.PUBLISHED)
        deleted = models.Q(status=Comment.Status.DELETED)
        if user is not None and user.is_authenticated:
            own = models.Q(author=user) & ~models.Q(status=Comment.Status.REMOVED)
            return self.filter(published | own | deleted)
        return self.filter(published | deleted)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        PUBLISHED = "published", "Published"
        HELD = "held", "Held for review"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"
        # The author took it back: the text is gone, a placeholder keeps the replies under it readable.
        DELETED = "deleted", "Deleted by its author"

    class Label(models.TextChoices):
        HAM = "ham", "Ham"
        OFF_TOPIC = "off_topic", "Off-topic"
        SPAM = "spam", "Spam"

    MAX_BODY = 5000

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # The top-level comment of this thread (itself for top-level comments), so a page of threads
    # loads with one query whatever the depth.
    root = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="thread_comments"
    )
    depth = models.PositiveIntegerField(default=0)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    # Published but folded behind "show off-topic reply" (mild drift).
    collapsed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # The label a moderator would give a demo or seed comment; empty for real readers' comments.
    seed_label = models.CharField(max_length=10, choices=Label.choices, blank=True)
    # "<article slug>/<seed comment id>" for demo comments, so `load_demo` can update them in place.
    seed_key = models.CharField(max_length=120, blank=True, default="")
    # The random key of the form the comment came from: the same form sent twice (a double click, a
    # retry after a timeout) is one comment, not two.
    submission_key = models.CharField(max_length=32, blank=True, default="")
    # When its author last changed the text (readers see "edited"); earlier texts are its revisions.
    edited_at = models.DateTimeField(null=True, blank=True)
    # Readers' up-votes, counted here (blog.votes keeps it in step with Vote rows) so the Top sort and
    # the page's counts cost no query.
    vote_count = models.PositiveIntegerField(default=0)
    # Its author was told "This looks off-topic for this article" before posting and posted anyway.
    warned_off_topic = models.BooleanField(default=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "status", "depth", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["root", "created_at"], name="comment_root_idx"),
            models.Index(fields=["author", "-created_at"], name="comment_author_idx"),
            models.Index(fields=["status", "status_changed_at"], name="comment_status_age_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["seed_key"], condition=~models.Q(seed_key=""), name="unique_comment_seed_key"
            ),
            models.UniqueConstraint(
                fields=["author", "submission_key"],
                condition=~models.Q(submission_key=""),
                name="unique_comment_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.article}: {self.body[:40]}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#c{self.pk}"

    @property
    def edit_deadline(self):
        return self.created_at + timedelta(minutes=settings.PITLANE_EDIT_WINDOW_MINUTES)

    @property
    def editable(self) -> bool:
        """Whether its author may still change the text: within the window, and not taken back or refused."""
        open_states = (self.Status.PUBLISHED, self.Status.PENDING, self.Status.HELD, self.Status.SPAM)
        return self.status in open_states and timezone.now() < self.edit_deadline


class Vote(models.Model):
    """One reader's up-vote for one comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "voter"], name="one_vote_per_reader_per_comment")
        ]

    def __str__(self) -> str:
        return f"{self.voter} up-voted #{self.comment_id}"


class CommentRevision(models.Model):
    """A text a comment had before its author edited it, kept for moderators."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    # When this text was written (the comment's creation, or the edit that introduced it).
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.comment_id} before {self.replaced_at:%Y-%m-%d %H:%M}: {self.body[:40]}"


class Report(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        OFF_TOPIC = "off_topic", "Off-topic"
        ABUSIVE = "abusive", "Abusive"
        OTHER = "other", "Other"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    # The reporter's standing when they reported (moderation.policy.report_weight); 0 counts for nothing.
    weight = models.FloatField(default=1.0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_reader_per_comment")
        ]

    def __str__(self) -> str:
        return f"{self.reporter} reported #{self.comment_id} ({self.reason})"


class ReaderProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    # Shown above the @username in threads; empty shows the username alone.
    display_name = models.CharField(max_length=50, blank=True)
    email_on_reply = models.BooleanField(default=False, help_text="E-mail me when someone replies to me.")
    email_on_decision = models.BooleanField(
        default=False, help_text="E-mail me when a moderator does not publish my comment, with their reason.",
    )
    # The address the reader proved they read (signed link); reply e-mails go only to this address.
    verified_email = models.EmailField(blank=True)
    trusted = models.BooleanField(default=False, help_text="Comments publish without waiting (still scored).")
    banned = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class LoginAlert(models.Model):
    """Failed logins on one username reached the site-wide ceiling: someone is guessing its password."""

    username = models.CharField(max_length=150, help_text="As the login limiter counts it (folded).")
    failures = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.failures} failed logins for {self.username!r}"


# Readers' own account actions live in their own module; importing it here makes them part of this app.
from blog.account_models import AccountEvent  # noqa: E402, F401
