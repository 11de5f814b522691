"""Read side of the moderator queue: tabs, counts, filters, a page of items in a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, FloatField, Max, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Greatest

from blog.models import Comment, Report

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
    Tab("pending", "Pending (unscored)", Q(status=Status.PENDING)),
    Tab("approved", "Approved", Q(status=Status.PUBLISHED)),
    Tab("rejected", "Rejected", Q(status__in=REJECTED_STATES)),
)
TAB_BY_KEY = {tab.key: tab for tab in TABS}
REASON_CODES = {
    "spam": "Spam",
    "off_topic": "Off-topic",
    "banned_word": "Banned word",
    "new_commenter": "New commenter",
    "premoderated_article": "Premoderated article",
    "reports": "Reader reports",
    "unscorable": "Could not be scored",
}
SORTS = {"oldest": "Oldest first", "newest": "Newest first", "score": "Highest score"}


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
        "article", "author__profile", "parent__author", "review"
    ).prefetch_related(
        Prefetch("reports", queryset=Report.objects.select_related("reporter")), "score_records"
    )
    return _sorted(comments, filters.sort)


def _sorted(comments: QuerySet[Comment], sort: str) -> QuerySet[Comment]:
    if sort == "score":
        zero = Value(0.0, output_field=FloatField())
        top = Greatest(Coalesce("review__spam_score", zero), Coalesce("review__drift_score", zero))
        return comments.annotate(top_score=top).order_by("-top_score", "status_changed_at", "pk")
    if sort == "newest":
        return comments.order_by("-status_changed_at", "-pk")
    return comments.order_by("status_changed_at", "pk")


def page_of(filters: Filters, number: Any) -> Page:
    """One page of items, each with `.record`: the author's history, from one grouped query."""
    page = Paginator(items(filters), PER_PAGE).get_page(number)
    records = author_records({comment.author_id for comment in page.object_list})
    for comment in page.object_list:
        comment.record = records.get(comment.author_id, {})
    return page


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
