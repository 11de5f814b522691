"""Read side of the moderator queue: tabs, counts, filters, a page of items in a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    FloatField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least
from django.utils import timezone

from blog.models import Comment, Report
from moderation.models import DECISIONS, AuditEntry, LabelWanted
from moderation.services.lane import LANE_STATES

Status = Comment.Status
PER_PAGE = 25
REJECTED_STATES = (Status.REJECTED, Status.SPAM)


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    condition: Q


TABS = (
    Tab("held", "Held by model", Q(status=Status.HELD)),
    Tab("reported", "Reported", Q(review__open_reports__gt=0, status__in=(Status.PUBLISHED, Status.HELD))),
    # Where a moderator's decision teaches the model most: it was unsure, or live and shadow disagree.
    Tab("needs_label", "Needs a label",
        Q(review__label_wanted__in=LabelWanted.values, status__in=LANE_STATES)),
    Tab("pending", "Pending (unscored)", Q(status=Status.PENDING)),
    Tab("approved", "Approved", Q(status=Status.PUBLISHED)),
    Tab("rejected", "Rejected", Q(status__in=REJECTED_STATES)),
)
TAB_BY_KEY = {tab.key: tab for tab in TABS}
# What waits for a person: the count in the navigation.
NEEDS_ACTION = TAB_BY_KEY["held"].condition | TAB_BY_KEY["reported"].condition
REASON_CODES = {
    "spam": "Spam",
    "off_topic": "Off-topic",
    "banned_word": "Banned word",
    "new_commenter": "New commenter",
    "premoderated_article": "Premoderated article",
    "premoderated_reader": "Premoderated reader",
    "reports": "Reader reports",
    "unscorable": "Could not be scored",
    "repeated_text": "Repeated across accounts",
}
SORTS = {
    "priority": "Priority", "oldest": "Oldest first", "newest": "Newest first", "score": "Highest score",
}
# Priority = the higher model score (0-1) + these. Reports count up to four; the author's record is the
# share of their comments rejected; an account younger than a week adds a fixed amount.
PRIORITY_PER_REPORT, PRIORITY_MAX_REPORTS = 0.25, 4
PRIORITY_REJECTED_SHARE = 0.5
PRIORITY_NEW_ACCOUNT, NEW_ACCOUNT_AGE = 0.3, timedelta(days=7)


@dataclass(frozen=True)
class Filters:
    tab: str = "held"
    reason: str = ""
    article_id: int | None = None
    author: str = ""
    sort: str = "oldest"


def tab_counts() -> dict[str, int]:
    """Every tab's size in one aggregate query."""
    counts = Comment.objects.aggregate(**{tab.key: Count("pk", filter=tab.condition) for tab in TABS})
    return {key: value or 0 for key, value in counts.items()}


def items(filters: Filters) -> QuerySet[Comment]:
    """The tab's comments, filtered and sorted, with everything an item shows joined or prefetched."""
    comments = Comment.objects.filter(TAB_BY_KEY[filters.tab].condition)
    if filters.reason:
        comments = comments.filter(review__reason_codes__contains=f",{filters.reason},")
    if filters.article_id:
        comments = comments.filter(article_id=filters.article_id)
    if filters.author:
        comments = comments.filter(author__username__iexact=filters.author)
    comments = comments.select_related(
        "article", "author__profile", "author__restriction", "parent__author", "review"
    ).prefetch_related(
        Prefetch("reports", queryset=Report.objects.select_related("reporter")), "score_records", "revisions"
    )
    return _sorted(comments, filters.sort)


def _sorted(comments: QuerySet[Comment], sort: str) -> QuerySet[Comment]:
    zero = Value(0.0, output_field=FloatField())
    top = Greatest(Coalesce("review__spam_score", zero), Coalesce("review__drift_score", zero))
    if sort == "score":
        return comments.annotate(top_score=top).order_by("-top_score", "status_changed_at", "pk")
    if sort == "priority":
        comments = comments.annotate(priority=top + _priority_extras())
        return comments.order_by("-priority", "status_changed_at", "pk")
    if sort == "newest":
        return comments.order_by("-status_changed_at", "-pk")
    return comments.order_by("status_changed_at", "pk")


def _priority_extras():
    reports = Cast(Least(Coalesce("review__open_reports", 0), PRIORITY_MAX_REPORTS), FloatField())
    rejected = Cast(_author_count(Q(status__in=REJECTED_STATES)), FloatField())
    share = rejected / Cast(Greatest(_author_count(Q()), 1), FloatField())
    new_account = Case(
        When(author__date_joined__gte=timezone.now() - NEW_ACCOUNT_AGE, then=Value(PRIORITY_NEW_ACCOUNT)),
        default=Value(0.0), output_field=FloatField(),
    )
    return reports * PRIORITY_PER_REPORT + share * PRIORITY_REJECTED_SHARE + new_account


def _author_count(condition: Q):
    counted = (
        Comment.objects.filter(condition, author_id=OuterRef("author_id"))
        .order_by().values("author_id").annotate(n=Count("pk")).values("n")[:1]
    )
    return Coalesce(Subquery(counted), 0)


def page_of(filters: Filters, number: Any) -> Page:
    """One page of items, each with `.record` (the author's history, from one grouped query) and
    `.focus_after`: the item that takes the focus once this one is handled (next, else previous)."""
    page = Paginator(items(filters), PER_PAGE).get_page(number)
    comments = list(page.object_list)
    records = author_records({comment.author_id for comment in comments})
    for index, comment in enumerate(comments):
        comment.record = records.get(comment.author_id, {})
        neighbours = comments[index + 1:index + 2] or comments[max(index - 1, 0):index]
        comment.focus_after = neighbours[0].pk if neighbours else None
    page.object_list = comments
    return page


def needs_action_count() -> int:
    return Comment.objects.filter(NEEDS_ACTION).count()


def recent_decisions(actor: Any, limit: int = 5) -> list[AuditEntry]:
    """The actor's latest decisions, each with `.undoable`: it moved the comment and nothing came after."""
    later = AuditEntry.objects.filter(comment_id=OuterRef("comment_id"), pk__gt=OuterRef("pk"))
    entries = (
        AuditEntry.objects.filter(actor_id=actor.pk, action__in=DECISIONS)
        .annotate(superseded=Exists(later))
        .order_by("-created_at", "-id")[:limit]
    )
    entries = list(entries)
    for entry in entries:
        entry.undoable = entry.from_status != entry.to_status and not entry.superseded
    return entries


def author_records(author_ids: set[int]) -> dict[int, dict[str, Any]]:
    """Published and rejected counts and the last rejection of each author."""
    rejected = Q(status__in=REJECTED_STATES)
    rows = (
        Comment.objects.filter(author_id__in=author_ids)
        .values("author_id")
        .annotate(
            published=Count("pk", filter=Q(status=Status.PUBLISHED)),
            rejected=Count("pk", filter=rejected),
            last_rejection=Max("status_changed_at", filter=rejected),
        )
    )
    return {row.pop("author_id"): row for row in rows}
