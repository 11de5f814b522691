"""Article page render time and SQL query count for threads of 100, 1,000 and 5,000 comments.

Run: .venv/bin/python bench/thread_page.py [--repeat 7] [--backends sqlite,postgres]
Uses throwaway databases only: var/bench.sqlite3 and the PostgreSQL database `pitlane_bench`.
Each backend runs in its own process because Django's database settings are fixed at start-up.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = (100, 1_000, 5_000)
PG_ADMIN_URL = os.environ.get("BENCH_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BENCH_DB = "pitlane_bench"
ROW = "{:<9} {:>14} {:<7} {:>5} {:>6} {:>10} {:>8}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_backend(args.child, args.repeat)
    print(ROW.format("backend", "thread", "viewer", "rows", "KB", "median ms", "queries"))
    for backend in args.backends.split(","):
        env = {**os.environ, "DATABASE_URL": database_url(backend), "PITLANE_PUBLISH_IMMEDIATELY": "false"}
        if env["DATABASE_URL"] is None:
            continue
        cmd = [sys.executable, __file__, "--child", backend, "--repeat", str(args.repeat)]
        subprocess.run(cmd, cwd=ROOT, env=env, check=True)
    return 0


def database_url(backend: str) -> str | None:
    if backend == "sqlite":
        path = ROOT / "var" / "bench.sqlite3"
        path.parent.mkdir(exist_ok=True)
        for stale in path.parent.glob("bench.sqlite3*"):
            stale.unlink()
        return f"sqlite:///{path}"
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH_DB}")
            conn.execute(f"CREATE DATABASE {PG_BENCH_DB}")
    except Exception as exc:  # noqa: BLE001 - a missing server only skips this backend
        print(f"{backend:<9} skipped: PostgreSQL not reachable at {PG_ADMIN_URL} ({exc.__class__.__name__})")
        return None
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{PG_BENCH_DB}"


def run_backend(backend: str, repeat: int) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    readers = make_readers(25)
    cases = [(f"{size:,}", size, 0.2) for size in SIZES] + [("5,000 (1 root)", 5_000, 0.0)]
    for label, size, top_share in cases:
        article = make_article(label, size, top_share, readers)
        for viewer, user in (("anon", None), ("reader", readers[0])):
            rows, kb, median_ms, queries = measure(article, user, repeat)
            print(ROW.format(backend, label, viewer, rows, f"{kb:.0f}", f"{median_ms:.1f}", queries))
    return 0


def make_readers(count: int) -> list:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    return [users.create_user(username=f"reader{i:02d}", password=None) for i in range(count)]


def make_article(label: str, size: int, top_share: float, readers: list):
    """A thread of `size` published comments: a share start new threads, the rest reply to a recent one."""
    from django.db.models import F
    from django.utils import timezone

    from blog.models import Article, Comment

    rng = random.Random(size)
    slug = "bench-" + "".join(ch for ch in label if ch.isalnum())
    article = Article.objects.create(
        slug=slug,
        title=f"Bench {label}",
        standfirst="Bench.",
        body="Bench.\n\nBench.",
        byline="Bench",
        published_at=timezone.now() - timedelta(days=1),
    )
    parents = [
        None if i == 0 or rng.random() < top_share else rng.randrange(max(0, i - 40), i) for i in range(size)
    ]
    depth = [0] * size
    for i, parent in enumerate(parents):
        depth[i] = depth[parent] + 1 if parent is not None else 0
    saved: dict[int, Comment] = {}
    start = article.published_at
    for level in range(max(depth) + 1):
        batch = [i for i in range(size) if depth[i] == level]
        objs = [
            Comment(
                article=article,
                author=readers[i % len(readers)],
                status=Comment.Status.PUBLISHED,
                body=f"Comment {i}: the A110 is light, see www.example.com/{i}\nSecond line.",
                parent=saved[parents[i]] if parents[i] is not None else None,
                root_id=saved[parents[i]].root_id if parents[i] is not None else None,
                depth=level,
                created_at=start + timedelta(seconds=i),
            )
            for i in batch
        ]
        for i, obj in zip(batch, Comment.objects.bulk_create(objs, batch_size=500), strict=True):
            saved[i] = obj
        if level == 0:
            Comment.objects.filter(article=article, depth=0).update(root_id=F("pk"))
            for i in batch:
                saved[i].root_id = saved[i].pk
    return article


def measure(article, user, repeat: int) -> tuple[int, float, float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if user is not None:
        client.force_login(user)
    client.get(article.get_absolute_url())  # warm caches and the template loader
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(article.get_absolute_url())
            timings.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    return html.count('<li class="comment '), len(html) / 1024, statistics.median(timings), len(queries)


if __name__ == "__main__":
    sys.exit(main())
