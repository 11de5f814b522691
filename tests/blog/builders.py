"""Small builders for blog test data. Statuses are set directly here: this is fixture data, not a
status change, so it does not go through moderation.services."""
from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from blog.models import Article, Comment, ReaderProfile

PASSWORD = "correct-horse-battery"
START = timezone.now() - timedelta(days=2)


def make_reader(username: str):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    ReaderProfile.objects.create(user=user)
    return user


def make_article(slug: str, title: str = "A story", **fields) -> Article:
    defaults = {
        "standfirst": "What happened and why it matters.",
        "body": "First paragraph.\n\nSecond paragraph.",
        "byline": "Test Desk",
        "published_at": START,
    }
    return Article.objects.create(slug=slug, title=title, **{**defaults, **fields})


def make_comment(
    article: Article,
    author,
    body: str = "Interesting numbers.",
    parent: Comment | None = None,
    status: str = Comment.Status.PUBLISHED,
    minutes: int = 0,
    **fields,
) -> Comment:
    comment = Comment.objects.create(
        article=article,
        author=author,
        body=body,
        parent=parent,
        root=parent.root if parent else None,
        depth=parent.depth + 1 if parent else 0,
        status=status,
        created_at=START + timedelta(minutes=minutes),
        **fields,
    )
    if parent is None:
        comment.root = comment
        comment.save(update_fields=["root"])
    return comment


def make_threads(article: Article, authors: list, roots: int, per_thread: int) -> int:
    """`roots` threads of `per_thread` published comments each, nested up to 9 deep, in bulk.

    Each generation replies to one comment of the previous one, so every thread has a reply chain
    deeper than the display limit plus siblings at every level.
    """
    levels = 9
    tops = _bulk(article, authors, [None] * roots, minutes=0)
    Comment.objects.filter(pk__in=[c.pk for c in tops]).update(root_id=F("pk"))
    for top in tops:
        top.root_id = top.pk
    remaining = per_thread - 1
    parents = tops
    for level in range(1, levels + 1):
        count = remaining // (levels - level + 1)
        remaining -= count
        batch = [parent for parent in parents for _ in range(count)]
        created = _bulk(article, authors, batch, minutes=level)
        parents = created[::count] if count else parents
    return roots * per_thread


def _bulk(article: Article, authors: list, parents: list, minutes: int) -> list[Comment]:
    comments = [
        Comment(
            article=article,
            author=authors[i % len(authors)],
            body=f"Comment {minutes}-{i} about the A110 and www.example.com/{i}",
            parent=parent,
            root_id=parent.root_id if parent else None,
            depth=parent.depth + 1 if parent else 0,
            status=Comment.Status.PUBLISHED,
            created_at=START + timedelta(minutes=minutes, seconds=i),
        )
        for i, parent in enumerate(parents)
    ]
    return Comment.objects.bulk_create(comments)


def make_established_reader(username: str, article: Article, days: int = 30, published: int = 3):
    """A reader whose reports count fully: an old account with published comments."""
    user = make_reader(username)
    get_user_model().objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days))
    for i in range(published):
        make_comment(article, user, f"{username}'s comment {i}")
    user.refresh_from_db()
    return user
