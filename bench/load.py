"""Posting load, faults and a 5,000-comment page against a private stack; prints a figures table.

    .venv/bin/python bench/load.py [--duration 120] [--rate 50] [--faults] [--thread-page] [--xtd]

Brings up its own PostgreSQL cluster (initdb in a temp dir, as the postgres user), redis-server,
gunicorn (4 sync workers), one prefork Celery worker (2 children, as docker-compose runs it) and beat
(the pending-comment sweeper), all on free loopback ports, with rate limits off
(PITLANE_RATELIMIT_ENABLE=false: the load comes from one address). A second process
(bench/load_client.py) posts at --rate for --duration seconds as pre-logged-in readers.

--faults   during the run: restart Redis (queue lost), SIGKILL the worker and start it again,
           restart PostgreSQL (pg_ctl restart -m fast); then count lost, duplicated and twice-scored.
--thread-page   20 concurrent readers for 30 s on an article with a 5,000-comment thread.
--xtd      the same thread and load against django-comments-xtd in a throwaway venv (see bench/xtd.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import string
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import load_report as report  # noqa: E402
from stack import REPO, Stack  # noqa: E402

CLIENT = Path(__file__).resolve().parent / "load_client.py"
READERS = 50
PAGE_READERS, PAGE_SECONDS = 20, 30.0
DRAIN_TIMEOUT = 240.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=120.0, help="seconds of posting load")
    parser.add_argument("--rate", type=float, default=50.0, help="posts per second")
    parser.add_argument("--faults", action="store_true", help="restart Redis, kill the worker, restart PG")
    parser.add_argument("--thread-page", action="store_true", help="20 readers on a 5,000-comment thread")
    parser.add_argument("--xtd", action="store_true", help="compare the page with django-comments-xtd")
    parser.add_argument("--keep", action="store_true", help="keep the logs after stopping")
    args = parser.parse_args()
    args.thread_page = args.thread_page or args.xtd
    return args


def bring_up(stack: Stack) -> None:
    stack.start_postgres()
    stack.start_redis()
    os.environ.update(stack.env)
    stack.manage("migrate", "--noinput")
    stack.manage("load_demo")
    import django

    django.setup()
    stack.start_worker()
    stack.start_beat()
    stack.start_web()


def run_client(stack: Stack, mode: str, plan: dict) -> dict:
    plan_path, out_path = stack.dir / f"{mode}-plan.json", stack.dir / f"{mode}-out.json"
    plan_path.write_text(json.dumps({"base_url": stack.base_url, **plan}))
    subprocess.run([sys.executable, str(CLIENT), mode, str(plan_path), str(out_path)], check=True, cwd=REPO)
    return json.loads(out_path.read_text())


def inject_faults(stack: Stack, duration: float, phases: list[report.Phase]) -> threading.Thread:
    """Redis at 1/4 of the run, the worker at 1/2, PostgreSQL at 3/4; each phase's window is recorded."""
    faults = [
        ("Redis restart", stack.restart_redis),
        ("worker SIGKILL + restart", lambda: (stack.kill_worker(), time.sleep(2), stack.start_worker())),
        ("PostgreSQL restart", stack.restart_postgres),
    ]

    def run() -> None:
        started = time.time()
        for number, (name, action) in enumerate(faults, start=1):
            time.sleep(max(0.0, started + duration * number / 4 - time.time()))
            began = time.time()
            action()
            phases.append(report.Phase(name, began, time.time()))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def posting(stack: Stack, args: argparse.Namespace, figures: report.Figures) -> None:
    import load_world as world

    sessions = world.reader_sessions(READERS)
    figures.add("model ready (warm-up post decided)", f"{world.warm_up():.1f} s")
    prefix = f"run{''.join(random.choices(string.ascii_lowercase, k=6))}-"
    plan = {"rate": args.rate, "duration": args.duration, "sessions": sessions, "ref_prefix": prefix,
            "slugs": world.open_article_slugs(), "bodies": world.seed_bodies()}
    phases: list[report.Phase] = []
    faults = inject_faults(stack, args.duration, phases) if args.faults else None
    client = run_client(stack, "post", plan)
    if faults:
        faults.join()
    rows, drained = world.wait_drained(prefix, DRAIN_TIMEOUT)
    post_figures(figures, args, client, rows, drained)
    if args.faults:
        fault_figures(figures, client, rows, phases)


def post_figures(figures: report.Figures, args, client: dict, rows, drained: float) -> None:
    import load_world as world

    latencies = [post["done"] - post["due"] for post in client["posts"] if report.succeeded(post)]
    figures.add("posts attempted", f"{len(client['posts'])} at {args.rate:g}/s for {args.duration:g} s")
    figures.add("sustained comments/s (2xx/3xx)", f"{report.sustained_rate(client):.1f}")
    figures.add("post latency p50/p95/p99", report.p50_95_99(latencies))
    figures.add("post-to-decision p50/p95/p99", report.p50_95_99(rows.decision_seconds()))
    figures.add("final answers by status", dict(report.final_statuses(client)).__repr__())
    warned = sum(post.get("warned", False) for post in client["posts"])
    figures.add("warned off-topic, then posted anyway", str(warned))
    figures.add("queue drained after the run in", f"{drained:.0f} s")
    figures.add("outcomes in DB", dict(world.outcome_counts(rows)).__repr__())


def fault_figures(figures: report.Figures, client: dict, rows, phases: list[report.Phase]) -> None:
    import load_world as world

    for label, value in report.integrity(client, rows.by_ref).items():
        figures.add(label, str(value))
    decided = len(rows.ids) - len(rows.pending_ids())
    figures.add("comments in DB / decided", f"{len(rows.ids)} / {decided}")
    figures.add("lost (never decided)", str(len(rows.pending_ids())))
    for label, value in world.scored_twice(rows.ids).items():
        figures.add(f"scored twice: {label}" if "unscorable" not in label else label, str(value))
    figures.add("posts retried by the client", str(report.retried_posts(client)))
    for phase in phases:
        figures.add(f"  fault {phase.name}", f"took {phase.finished - phase.started:.1f} s")
    for name, counts in report.failed_attempts_by_phase(client, phases).items():
        figures.add(f"  failed attempts during {name}", dict(counts).__repr__())


def read_page(stack: Stack, path: str) -> tuple[list[float], dict]:
    plan = {"path": path, "readers": PAGE_READERS, "duration": PAGE_SECONDS}
    samples = run_client(stack, "read", plan)["samples"]
    statuses: dict[str, int] = {}
    for _, status in samples:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return [seconds for seconds, status in samples if status == 200], statuses


def thread_pages(stack: Stack, args: argparse.Namespace, figures: report.Figures) -> None:
    import load_world as world

    article = world.build_thread()
    ours, statuses = read_page(stack, article.get_absolute_url())
    figures.add(f"page, 5,000 comments, {PAGE_READERS} readers: ours p50/p95", _p50_95(ours, statuses))
    if not args.xtd:
        return
    theirs, statuses = xtd_page(stack, article)
    figures.add("same thread, django-comments-xtd p50/p95", _p50_95(theirs, statuses))
    ratio = report.percentile(theirs, 0.95) / report.percentile(ours, 0.95)
    figures.add("p95 xtd / ours (target >= 2)", f"{ratio:.1f}x")


def _p50_95(seconds: list[float], statuses: dict) -> str:
    millis = [report.percentile(seconds, share) * 1000 for share in (0.5, 0.95)]
    return f"{millis[0]:,.0f} / {millis[1]:,.0f} ms ({len(seconds)} pages, statuses {statuses})"


def xtd_page(stack: Stack, article) -> tuple[list[float], dict]:
    """Swap our gunicorn for xtd's on the same port and settings; fill a separate database first."""
    import xtd

    xtd.ensure_venv(stack.log("xtd"))
    thread_json = stack.dir / "thread.json"
    xtd.export_thread(article, thread_json)
    stack.psql("CREATE DATABASE xtd")
    database_url = stack.env["DATABASE_URL"].rsplit("/", 1)[0] + "/xtd"
    project = stack.dir / "xtd-project"
    env = xtd.set_up_project(project, database_url, thread_json, stack.log("xtd"))
    stack.stop("web")
    stack.start_web("xtdsite.wsgi", cwd=project, env=env)
    return read_page(stack, article.get_absolute_url())


def main() -> None:
    args = parse_args()
    # xtd renders a whole thread on one page; ours would show its first rows and page the rest, so the
    # page comparison asks ours to render the whole thread too.
    stack = Stack({"PITLANE_REPLIES_PER_THREAD": "100000"} if args.thread_page else None)
    figures = report.Figures()
    try:
        bring_up(stack)
        if args.duration > 0:
            posting(stack, args, figures)
        if args.thread_page:
            thread_pages(stack, args, figures)
    finally:
        figures.print(f"Pitlane load bench ({os.cpu_count()} cores; logs in {stack.dir})")
        stack.close(keep_logs=args.keep)


if __name__ == "__main__":
    main()
