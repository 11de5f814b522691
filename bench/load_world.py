"""The Django side of bench/load.py: readers with ready sessions, a 5,000-comment thread, run outcomes.

Imported only after bench/load.py has pointed DATABASE_URL at its private cluster and called
django.setup().
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import close_old_connections
from django.db.models import Count
from django.utils import timezone
from load_client import REF  # bench/ is on sys.path when bench/load.py runs

from blog.models import Article, Comment
from ml.seed import load_seed_articles
from moderation import services
from moderation.models import AuditEntry, ScoreRecord

THREAD_SLUG = "load-thread-5000"
MAX_DEPTH = 5  # six levels, the deepest the site indents


def reader_sessions(count: int) -> list[str]:
    """Readers logged in server-side, so the load client never touches the login form."""
    users = get_user_model().objects
    keys = []
    for i in range(count):
        user, _ = users.get_or_create(username=f"load{i:03d}")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def open_article_slugs() -> list[str]:
    # Posting locks the article row, so the load spreads over every open article, as real traffic would.
    articles = Article.objects.published().filter(comments_open=True).exclude(slug=THREAD_SLUG)
    return list(articles.values_list("slug", flat=True))


def seed_bodies() -> list[str]:
    """Real reader prose from the seed corpus (spam included), so the model does its usual work."""
    return [comment.body for article in load_seed_articles() for comment in article.comments]


def warm_up(timeout: float = 300.0) -> float:
    """Post one comment through the real path and wait until the worker decides it (model trained)."""
    started = time.monotonic()
    article = Article.objects.published().filter(comments_open=True).first()
    author = get_user_model().objects.get_or_create(username="load-warmup")[0]
    comment = services.submit_comment(services.NewComment(article.pk, author.pk, "Warming up the scorer."))
    while Comment.objects.filter(pk=comment.pk, status=Comment.Status.PENDING).exists():
        if time.monotonic() - started > timeout:
            raise SystemExit(f"the worker decided nothing within {timeout:.0f} s; see its log")
        time.sleep(0.5)
    return time.monotonic() - started


@dataclass
class RunRows:
    """The comments a run left in the database, keyed by the reference the client put in each body."""

    by_ref: dict[str, list[tuple[int, str, datetime, datetime]]]

    @property
    def ids(self) -> list[int]:
        return [row[0] for rows in self.by_ref.values() for row in rows]

    def pending_ids(self) -> list[int]:
        return [row[0] for rows in self.by_ref.values() for row in rows if row[1] == Comment.Status.PENDING]

    def decision_seconds(self) -> list[float]:
        return [
            (changed - created).total_seconds()
            for rows in self.by_ref.values() for _, status, created, changed in rows
            if status != Comment.Status.PENDING
        ]


def run_rows(prefix: str) -> RunRows:
    close_old_connections()
    rows = Comment.objects.filter(author__username__startswith="load0", body__contains=f"(ref {prefix}")
    by_ref: dict[str, list] = {}
    for pk, body, status, created, changed in rows.values_list(
        "pk", "body", "status", "created_at", "status_changed_at"
    ):
        match = REF.search(body)
        if match:
            by_ref.setdefault(match.group(1), []).append((pk, status, created, changed))
    return RunRows(by_ref)


def wait_drained(prefix: str, timeout: float) -> tuple[RunRows, float]:
    """Poll until no comment of the run is pending (the sweeper may need a minute); bounded."""
    started = time.monotonic()
    while True:
        rows = run_rows(prefix)
        if not rows.pending_ids() or time.monotonic() - started > timeout:
            return rows, time.monotonic() - started
        time.sleep(2)


def scored_twice(ids: list[int]) -> dict[str, int]:
    """Comments with more than one score for one model version, or more than one model decision."""
    scores = (ScoreRecord.objects.filter(comment_id__in=ids).values("comment_id", "model_version")
              .annotate(n=Count("id")).filter(n__gt=1).count())
    audits = (AuditEntry.objects.filter(comment_id__in=ids, action=AuditEntry.Action.SCORED)
              .values("comment_id").annotate(n=Count("id")).filter(n__gt=1).count())
    unscorable = AuditEntry.objects.filter(comment_id__in=ids, action=AuditEntry.Action.UNSCORABLE).count()
    return {"score records": scores, "model audit rows": audits, "held as unscorable": unscorable}


def outcome_counts(rows: RunRows) -> Counter:
    return Counter(status for refs in rows.by_ref.values() for _, status, _, _ in refs)


def build_thread(size: int = 5_000, readers: int = 25) -> Article:
    """One published article with a single thread of `size` comments, nested at most six levels."""
    users = [get_user_model().objects.get_or_create(username=f"thread{i:02d}")[0] for i in range(readers)]
    start = timezone.now() - timedelta(days=2)
    article = Article.objects.create(
        slug=THREAD_SLUG, title="The 5,000-comment thread", standfirst="A long argument about hot hatches.",
        body="Bench article.\n\nIts comments are the point.", byline="Bench", published_at=start,
    )
    rng = random.Random(size)
    parents, depths = [None], [0]
    for i in range(1, size):
        recent = [j for j in range(max(0, i - 30), i) if depths[j] < MAX_DEPTH]
        parent = rng.choice(recent or [0])
        parents.append(parent)
        depths.append(depths[parent] + 1)
    saved: dict[int, Comment] = {}
    for level in range(MAX_DEPTH + 1):
        batch = [i for i in range(size) if depths[i] == level]
        objs = [_thread_comment(article, users[i % readers], i, saved.get(parents[i]), start) for i in batch]
        for i, obj in zip(batch, Comment.objects.bulk_create(objs, batch_size=500), strict=True):
            saved[i] = obj
        if level == 0:
            Comment.objects.filter(pk=saved[0].pk).update(root_id=saved[0].pk)
            saved[0].root_id = saved[0].pk
    return article


def _thread_comment(article: Article, author, i: int, parent: Comment | None, start: datetime) -> Comment:
    return Comment(
        article=article, author=author, status=Comment.Status.PUBLISHED, parent=parent,
        root_id=parent.root_id if parent else None, depth=parent.depth + 1 if parent else 0,
        body=f"Comment {i}: the A110 is light and the Civic Type R is quick, see www.example.com/{i}",
        created_at=start + timedelta(seconds=i), status_changed_at=start + timedelta(seconds=i),
    )
