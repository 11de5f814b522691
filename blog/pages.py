"""Read-side queries behind the reader pages: a fixed number of SQL queries per page, whatever the thread."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from blog.models import Article, Comment, Tag
from blog.threads import ThreadRow, flatten_threads

SORTS = {"oldest": ("created_at", "id"), "newest": ("-created_at", "-id")}


@dataclass(frozen=True)
class CommentPage:
    """The top-level threads on one page of an article, flattened for display."""

    page: Page
    rows: list[ThreadRow]
    sort: str

    @property
    def query(self) -> str:
        """Query-string prefix that keeps this page and sort on reply/report links."""
        return f"sort={self.sort}&page={self.page.number}&"


def published_articles() -> QuerySet[Article]:
    """Articles readers may see, each with its count of published comments (one query)."""
    published = Q(comments__status=Comment.Status.PUBLISHED)
    return (
        Article.objects.published()
        .annotate(comment_count=Count("comments", filter=published))
        .prefetch_related("tags")
        .order_by("-published_at", "-id")
    )


def articles_tagged(tag: Tag) -> QuerySet[Article]:
    return published_articles().filter(tags=tag)


def clean_sort(value: str | None) -> str:
    return value if value in SORTS else "oldest"


def clean_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def comment_page(article: Article, user, page_number: str | int | None, sort: str) -> CommentPage:
    """One page of top-level threads: a count, the page's root ids, then every visible comment under them."""
    roots = _visible_roots(article, user).order_by(*SORTS[sort]).values_list("pk", flat=True)
    page = Paginator(roots, settings.PITLANE_COMMENTS_PER_PAGE).get_page(page_number)
    root_ids = list(page.object_list)
    comments = Comment.objects.visible_to(user).filter(root_id__in=root_ids).select_related("author")
    return CommentPage(page=page, rows=flatten_threads(root_ids, comments), sort=sort)


def thread_page_number(comment: Comment, user) -> int:
    """The page (oldest first) that shows `comment`'s thread, so a redirect lands on it."""
    root = comment.root or comment
    earlier = Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk)
    before = _visible_roots(comment.article, user).filter(earlier).count()
    return before // settings.PITLANE_COMMENTS_PER_PAGE + 1


def comments_by(user) -> QuerySet[Comment]:
    """A reader's own comments, newest first, for their profile page."""
    own = Comment.objects.filter(author=user).exclude(status=Comment.Status.REMOVED)
    return own.select_related("article").order_by("-created_at", "-id")


def _visible_roots(article: Article, user) -> QuerySet[Comment]:
    return Comment.objects.visible_to(user).filter(article=article, depth=0)
