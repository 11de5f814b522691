"""End-to-end scoring through Redis and one Celery worker process: throughput and post-to-decision latency.

    .venv/bin/python bench/pipeline.py [--comments 3000] [--rate 20] [--seconds 15] [--batch 64]

Starts a private redis-server and one worker (prefork, one child) against a fresh SQLite file database
(or DATABASE_URL), scoring with the bootstrap model trained afresh from the seed corpus (or the active
model of --model-dir) unless --scorer names another loader. Prints figures; never part of the test run.

1. Throughput: N comments saved pending, N scoring tasks enqueued, clock stops when the last is decided.
2. Latency: comments posted through `submit_comment` (save, commit, enqueue) at a steady rate; latency is
   `status_changed_at - created_at` for each, both stamped in the database.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from stack import free_port, redis_server_args, wait_for_port  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=3000, help="comments for the throughput run")
    parser.add_argument("--rate", type=float, default=20.0, help="posts per second for the latency run")
    parser.add_argument("--seconds", type=float, default=15.0, help="length of the latency run")
    parser.add_argument("--batch", type=int, default=64, help="PITLANE_SCORE_BATCH for the worker")
    parser.add_argument("--pool", default="prefork", choices=["prefork", "solo"])
    parser.add_argument("--prefetch", type=int, default=0, help="CELERY_WORKER_PREFETCH_MULTIPLIER override")
    parser.add_argument("--model-dir", default="", help="reuse this model directory (default: train afresh)")
    parser.add_argument("--scorer", default="", help="dotted path of a model loader (default: active model)")
    return parser.parse_args()


def configure(args: argparse.Namespace, workdir: Path, redis_url: str) -> dict[str, str]:
    """Environment shared by this process and the worker, set before Django starts."""
    env = {
        "CELERY_BROKER_URL": redis_url,
        "PITLANE_SCORE_BATCH": str(args.batch),
        "PITLANE_MODEL_DIR": args.model_dir or str(workdir / "models"),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    if args.scorer:
        env["PITLANE_SCORER"] = args.scorer
    if args.prefetch:
        env["CELERY_WORKER_PREFETCH_MULTIPLIER"] = str(args.prefetch)
    os.environ.update(env)
    return {**os.environ, **env}


def start_redis(workdir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(redis_server_args(port, workdir), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    wait_for_port(port)
    return process, f"redis://127.0.0.1:{port}/0"


def start_worker(env: dict[str, str], pool: str, log: Path) -> subprocess.Popen:
    args = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        f"--pool={pool}",
        "--concurrency=1",
        "--loglevel=WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with log.open("wb") as out:
        return subprocess.Popen(
            args, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_decided(ids: list[int], timeout: float) -> float:
    from blog.models import Comment

    deadline = time.monotonic() + timeout
    while Comment.objects.filter(pk__in=ids, status=Comment.Status.PENDING).exists():
        if time.monotonic() > deadline:
            left = Comment.objects.filter(pk__in=ids, status=Comment.Status.PENDING).count()
            raise SystemExit(f"{left} of {len(ids)} comments still pending after {timeout:.0f} s")
        time.sleep(0.01)
    return time.monotonic()


def world():
    """Seed articles and a handful of readers; comment bodies cycle through the seed threads."""
    from django.contrib.auth import get_user_model

    from blog.models import Article
    from ml.seed import load_seed_articles

    seeds = load_seed_articles()
    articles = [
        Article.objects.get_or_create(
            slug=s.slug,
            defaults={"title": s.title, "standfirst": s.standfirst[:400], "body": s.body, "byline": s.byline},
        )[0]
        for s in seeds
    ]
    readers = [get_user_model().objects.get_or_create(username=f"bench{i}")[0] for i in range(20)]
    bodies = [(a, c.body) for a, s in zip(articles, seeds, strict=True) for c in s.comments if not c.parent]
    return readers, bodies


def throughput(count: int, readers, bodies) -> None:
    from blog.models import Comment
    from moderation.tasks import score_comment

    rows = [
        Comment(
            article=bodies[i % len(bodies)][0],
            author=readers[i % len(readers)],
            body=bodies[i % len(bodies)][1],
            depth=0,
        )
        for i in range(count)
    ]
    ids = [comment.pk for comment in Comment.objects.bulk_create(rows)]
    started = time.monotonic()
    for comment_id in ids:
        score_comment.delay(comment_id)
    enqueued = time.monotonic()
    finished = wait_decided(ids, timeout=600)
    took = finished - started
    print(
        f"throughput: {count} comments decided in {took:.2f} s = {count / took:,.0f} comments/s "
        f"(enqueueing alone {count / (enqueued - started):,.0f}/s)"
    )
    statuses = Comment.objects.filter(pk__in=ids).values_list("status", flat=True)
    print("  outcomes:", {status: list(statuses).count(status) for status in set(statuses)})


def components(model, batch: int, readers, bodies) -> None:
    """The parts without Celery, in this process: the model alone, then model plus database writes."""
    from blog.models import Comment
    from moderation import inputs, worker

    rows = [Comment(article=a, author=readers[i % len(readers)], body=b) for i, (a, b) in
            enumerate(bodies * (1 + 1024 // len(bodies)))][:1024]
    comments = Comment.objects.bulk_create(rows)
    loaded = list(Comment.objects.select_related("article", "parent").filter(pk__in=[c.pk for c in comments]))
    started = time.monotonic()
    for i in range(0, len(loaded), batch):
        model.score([inputs.comment_input(c) for c in loaded[i:i + batch]])
    model_rate = len(loaded) / (time.monotonic() - started)
    started = time.monotonic()
    for comment in loaded[::batch]:
        worker.score_pending(comment.pk)
    print(f"in-process, no broker: model alone {model_rate:,.0f} comments/s; "
          f"model + policy + database writes {len(loaded) / (time.monotonic() - started):,.0f} comments/s")


def latency(rate: float, seconds: float, readers, bodies) -> None:
    from blog.models import Comment
    from moderation import services

    total = int(rate * seconds)
    ids, late = [], 0
    start = time.monotonic()
    for i in range(total):
        due = start + i / rate
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        else:
            late += 1
        article, body = bodies[i % len(bodies)]
        new = services.NewComment(article.pk, readers[i % len(readers)].pk, body)
        ids.append(services.submit_comment(new).pk)
    wait_decided(ids, timeout=120)
    rows = Comment.objects.filter(pk__in=ids).values_list("created_at", "status_changed_at")
    millis = sorted((changed - created).total_seconds() * 1000 for created, changed in rows)
    p95 = millis[int(0.95 * (len(millis) - 1))]
    print(
        f"latency at {rate:g} comments/s for {seconds:g} s ({total} posts, {late} posted late): "
        f"p50 {statistics.median(millis):.0f} ms, p95 {p95:.0f} ms, max {millis[-1]:.0f} ms"
    )


def main() -> None:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="pitlane-bench-"))
    redis, redis_url = start_redis(workdir)
    env = configure(args, workdir, redis_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from moderation.worker import active_model

    loaded = time.monotonic()
    model = active_model()  # trains and activates the bootstrap model on a fresh install, before timing
    prefetch = args.prefetch or "default"
    print(f"model {model.version} ready in {time.monotonic() - loaded:.1f} s; pool {args.pool}, one process, "
          f"batch {args.batch}, prefetch {prefetch}; db {env['DATABASE_URL'].split(':')[0]}")
    worker = start_worker(env, args.pool, workdir / "worker.log")
    try:
        readers, bodies = world()
        components(model, args.batch, readers, bodies)
        throughput(min(50, args.comments), readers, bodies)  # warm-up: the worker loads its model
        throughput(args.comments, readers, bodies)
        latency(args.rate, args.seconds, readers, bodies)
    finally:
        os.killpg(worker.pid, 9)
        redis.terminate()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
