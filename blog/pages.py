"""Read-side queries behind the reader pages: a fixed number of SQL queries per page, whatever the thread."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from blog.models import Article, Comment, Tag, Vote
from blog.threads import ThreadRow, cut_threads, flatten_threads

SORTS = {
    "oldest": ("created_at", "id"),
    "newest": ("-created_at", "-id"),
    # Most up-voted threads first; ties keep the conversation's order.
    "top": ("-vote_count", "created_at", "id"),
}


@dataclass(frozen=True)
class CommentPage:
    """The top-level threads on one page of an article, or one page of a single thread, flattened."""

    page: Page
    rows: list[ThreadRow]
    sort: str
    thread: Comment | None = None

    @property
    def query(self) -> str:
        """Query-string prefix that keeps this page (and sort, or thread) on reply/report links."""
        if self.thread is not None:
            return f"thread={self.thread.pk}&page={self.page.number}&"
        return f"sort={self.sort}&page={self.page.number}&"

    @property
    def pager_query(self) -> str:
        """What the pager's links keep besides the page number."""
        if self.thread is not None:
            return f"thread={self.thread.pk}&"
        return "" if self.sort == "oldest" else f"sort={self.sort}&"


@dataclass(frozen=True)
class CommentLocation:
    """Where a comment is shown: a page of the article's threads, or a page of its own long thread."""

    page: int
    thread_id: int | None = None

    def query(self) -> str:
        parts = ([f"thread={self.thread_id}"] if self.thread_id else []) + (
            [f"page={self.page}"] if self.page > 1 else []
        )
        return f"?{'&'.join(parts)}" if parts else ""


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


def comment_page(
    article: Article, user, page_number: str | int | None, sort: str, thread_id: int | None = None
) -> CommentPage:
    """One page of top-level threads: a count, the page's root ids, then every visible comment under them.

    Each thread shows its first PITLANE_REPLIES_PER_THREAD rows; with `thread_id` (a visible top-level
    comment of this article) the page is instead one page of that thread alone.
    """
    if thread_id is not None:
        root = _visible_roots(article, user).filter(pk=thread_id).first()
        if root is not None:
            return _single_thread_page(root, user, page_number)
    roots = _visible_roots(article, user).order_by(*SORTS[sort]).values_list("pk", flat=True)
    page = Paginator(roots, settings.PITLANE_COMMENTS_PER_PAGE).get_page(page_number)
    root_ids = list(page.object_list)
    comments = _shown_comments(user).filter(root_id__in=root_ids)
    rows = cut_threads(flatten_threads(root_ids, comments), settings.PITLANE_REPLIES_PER_THREAD)
    return CommentPage(page=page, rows=rows, sort=sort)


def comment_location(comment: Comment, user) -> CommentLocation:
    """The page (oldest first) that shows `comment`, so a redirect lands on it.

    A reply beyond the first PITLANE_REPLIES_PER_THREAD rows of its thread is on a page of that thread.
    """
    root = comment.root or comment
    if comment.depth > 0 and _thread_size(root, user) > settings.PITLANE_REPLIES_PER_THREAD:
        position = _row_position(root, comment, user)
        if position is not None and position >= settings.PITLANE_REPLIES_PER_THREAD:
            return CommentLocation(position // settings.PITLANE_REPLIES_PER_THREAD + 1, root.pk)
    earlier = Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk)
    before = _visible_roots(comment.article, user).filter(earlier).count()
    return CommentLocation(before // settings.PITLANE_COMMENTS_PER_PAGE + 1)


def _single_thread_page(root: Comment, user, page_number: str | int | None) -> CommentPage:
    rows = _thread_rows(root, user)
    page = Paginator(rows, settings.PITLANE_REPLIES_PER_THREAD).get_page(page_number)
    return CommentPage(page=page, rows=list(page.object_list), sort="oldest", thread=root)


def _thread_size(root: Comment, user) -> int:
    return Comment.objects.visible_to(user).filter(root_id=root.pk).count()


def _thread_rows(root: Comment, user) -> list[ThreadRow]:
    comments = _shown_comments(user).filter(root_id=root.pk)
    return flatten_threads([root.pk], comments)


def _shown_comments(user) -> QuerySet[Comment]:
    """Comments as a page shows them: authors with their display names and, for a signed-in reader,
    `voted` (no extra query)."""
    comments = Comment.objects.visible_to(user).select_related("author", "author__profile")
    if user is not None and user.is_authenticated:
        comments = comments.annotate(voted=Exists(Vote.objects.filter(comment=OuterRef("pk"), voter=user)))
    return comments


def _row_position(root: Comment, comment: Comment, user) -> int | None:
    ids = [row.comment.pk for row in _thread_rows(root, user)]
    return ids.index(comment.pk) if comment.pk in ids else None


def comments_by(user) -> QuerySet[Comment]:
    """A reader's own comments, newest first, for their profile page."""
    gone = (Comment.Status.REMOVED, Comment.Status.DELETED)
    own = Comment.objects.filter(author=user).exclude(status__in=gone)
    return own.select_related("article").order_by("-created_at", "-id")


def _visible_roots(article: Article, user) -> QuerySet[Comment]:
    return Comment.objects.visible_to(user).filter(article=article, depth=0)
