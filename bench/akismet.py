"""Akismet comment-check through gunicorn: p50 / p95 latency and requests/s with N concurrent clients.

Brings up a private install (bench/stack.py): its own PostgreSQL cluster (or SQLite with
`--database sqlite`) and a redis-server for the cache (rate-limit counters, as in production), on
free loopback ports. Creates a key, registers the 16 seed-corpus articles, warms every gunicorn
worker, then lets CLIENTS threads post REQUESTS comment-checks each with Python's standard library
(closed loop: a client sends its next check when the last one is answered; with `--rate R` the checks
are due at R a second in all, and latency counts from when each was due). The comments are the seed
corpus's own (ham, spam and off-topic, each to its article's permalink, by its author), so the model
and the policy do their usual work. Prints the figures and checks every comment was recorded with a
verdict; asserts nothing else.

    .venv/bin/python bench/akismet.py [--clients 20] [--requests 25] [--workers 3] [--threads 1]
                                      [--database postgres|sqlite] [--rate 0]

`--threads N` (N > 1) runs gunicorn's gthread workers: N requests per process overlap their waits.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stack import REPO, Stack, tree_cpu_seconds  # noqa: E402

from ml.seed import load_seed_articles  # noqa: E402

BLOG = "https://bench.example/"


def post(url: str, fields: dict, timeout: float = 120) -> tuple[float, str]:
    data = urllib.parse.urlencode(fields).encode()
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=timeout) as response:
        body = response.read().decode()
    return time.perf_counter() - started, body


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=25, help="per client")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="per worker; above 1, gthread workers")
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--rate", type=float, default=0.0,
                        help="checks per second in all (open loop); 0: each client sends its next check "
                             "as soon as the last is answered (closed loop)")
    return parser.parse_args()


def bring_up(args: argparse.Namespace) -> Stack:
    stack = Stack({"PITLANE_RATELIMIT_ENABLE": "true", "PITLANE_RATE_API_KEY": "1000000/m",
                   "PITLANE_PUBLISH_IMMEDIATELY": "false"})
    try:
        stack.start_redis()
        stack.env["CACHE_URL"] = stack.env["REDIS_URL"]
        if args.database == "postgres":
            stack.start_postgres()
        else:  # the settings' default: db.sqlite3 in PITLANE_VAR_DIR
            del stack.env["DATABASE_URL"]
            Path(stack.env["PITLANE_VAR_DIR"]).mkdir()
        stack.manage("migrate", "--noinput")
        stack.start_web(workers=args.workers, threads=args.threads)
    except BaseException:
        stack.close()
        raise
    return stack


def new_key(stack: Stack) -> str:
    command = [sys.executable, "manage.py", "create_api_key", "--site", "Bench", "--url", BLOG]
    out = subprocess.run(command, cwd=REPO, env=stack.env, check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def register_articles(base: str, key: str) -> list[dict]:
    """The seed articles, registered by URL; returns each seed comment as the fields of a check."""
    checks = []
    for article in load_seed_articles():
        permalink = f"{BLOG}{article.slug}/"
        body = json.dumps({"url": permalink, "title": article.title, "body": article.body}).encode()
        urllib.request.urlopen(urllib.request.Request(
            f"{base}/api/v1/articles/", data=body, method="POST",
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"}), timeout=60)
        checks += [{"api_key": key, "blog": BLOG, "permalink": permalink, "comment_author": comment.author,
                    "comment_content": comment.body} for comment in article.comments]
    return checks


def check_fields(checks: list[dict], n: int) -> dict:
    fields = {**checks[n % len(checks)], "user_ip": f"203.0.113.{n % 250}"}
    if n >= len(checks):  # more checks than seed comments: repeats say which round they are
        fields["comment_content"] += f" ({n // len(checks)})"
    return fields


def run_clients(url: str, checks: list[dict], args: argparse.Namespace, first: int):
    latencies: list[float] = []
    answers: dict[str, int] = {}
    lock = threading.Lock()

    def client(index: int) -> None:
        for i in range(args.requests):
            due = started + (i * args.clients + index) / args.rate if args.rate else time.perf_counter()
            time.sleep(max(0.0, due - time.perf_counter()))
            _, answer = post(url, check_fields(checks, first + index * args.requests + i))
            with lock:  # counted from when the check was due: a server falling behind shows as latency
                latencies.append(time.perf_counter() - due)
                answers[answer] = answers.get(answer, 0) + 1

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(args.clients)]
    started = time.perf_counter() + 0.1
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(latencies), answers, time.perf_counter() - started


def recorded(stack: Stack) -> str:
    """Comments of the bench site by status (every check must have left one, none still pending), and
    how many model batches decided them (a batch's audit rows share one timestamp)."""
    code = ("from django.db.models import Count; from blog.models import Comment; "
            "from moderation.models import AuditEntry; "
            "print(dict(Comment.objects.filter(article__site__name='Bench')"
            ".values_list('status').annotate(n=Count('pk')).order_by('status')), end='; '); "
            "scored = AuditEntry.objects.filter(action='scored'); "
            "print(f\"{scored.values('created_at').distinct().count()} batches for {scored.count()}\")")
    command = [sys.executable, "manage.py", "shell", "-v", "0", "-c", code]
    out = subprocess.run(command, cwd=REPO, env=stack.env, check=True, capture_output=True, text=True)
    return out.stdout.strip()


def main() -> None:
    args = parse_args()
    stack = bring_up(args)
    try:
        base = f"http://127.0.0.1:{stack.web_port}"
        key = new_key(stack)
        checks = register_articles(base, key)
        url = f"{base}/akismet/1.1/comment-check"
        warm_started = time.perf_counter()
        warm = args.workers * max(args.threads, 4)
        for n in range(warm):  # every worker loads (or first trains) the model
            post(url, check_fields(checks, n), timeout=600)
        warm_seconds = time.perf_counter() - warm_started
        servers = {"gunicorn": stack.processes["web"].pid}
        if args.database == "postgres":
            servers["PostgreSQL"] = stack.postgres_pid()
        cpu_before = {name: tree_cpu_seconds(pid) for name, pid in servers.items()}
        client_cpu = time.process_time()
        latencies, answers, elapsed = run_clients(url, checks, args, first=warm)
        cpu = {name: tree_cpu_seconds(pid) - cpu_before[name] for name, pid in servers.items()}
        cpu["this client"] = time.process_time() - client_cpu
        statuses = recorded(stack)
    finally:
        stack.close()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    kind = f"gthread --threads {args.threads}" if args.threads > 1 else "sync"
    pace = f"open loop at {args.rate:g}/s" if args.rate else "closed loop"
    print(f"comment-check, {args.clients} clients x {args.requests} requests ({pace}), gunicorn --workers "
          f"{args.workers} ({kind}), {args.database}, Redis cache, bootstrap model "
          f"(warm-up {warm_seconds:.1f} s)")
    print(f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"{len(latencies) / elapsed:.1f} req/s, answers {answers}")
    print(f"recorded ({warm} warm-up + {len(latencies)} checks): {statuses}")
    # CPU time is far steadier than latency on a shared machine: what one check costs, wherever it ran.
    print("CPU per check: " + ", ".join(f"{name} {seconds / len(latencies) * 1000:.1f} ms"
                                        for name, seconds in cpu.items()))


if __name__ == "__main__":
    main()
