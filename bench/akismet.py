"""Akismet comment-check through gunicorn: p50 / p95 latency and requests/s with N concurrent clients.

Sets up a private install (its own SQLite database and model directory under a temporary folder),
creates a key, registers an article, warms every gunicorn worker, then lets CLIENTS threads post
REQUESTS comment-checks each with Python's standard library. Prints the figures; asserts nothing.

    .venv/bin/python bench/akismet.py [--clients 20] [--requests 25] [--workers 3]
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BODIES = [
    "The Clubsport's front diff makes all the difference on a wet track day.",
    "Cheap replica watches and followers, visit my shop for discounts!!!",
    "I bought one last year and the dealer network has been fine so far.",
    "My cat prefers tuna to chicken, anyone else?",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post(url: str, fields: dict, timeout: float = 120) -> tuple[float, str]:
    data = urllib.parse.urlencode(fields).encode()
    started = time.perf_counter()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=timeout) as response:
        body = response.read().decode()
    return time.perf_counter() - started, body


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=25, help="per client")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="pitlane-bench-akismet-"))
    env = {**os.environ, "PITLANE_VAR_DIR": str(var), "PITLANE_RATE_API_KEY": "1000000/m",
           "PITLANE_PUBLISH_IMMEDIATELY": "false", "LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    manage = [PY, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True, capture_output=True)
    key = subprocess.run([*manage, "create_api_key", "--site", "Bench", "--url", "https://bench.example/"],
                         env=env, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--timeout", "300", "--log-level", "warning"], cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
            except urllib.error.HTTPError:
                break  # 503 until a worker beats: the server is up
            except OSError:
                time.sleep(0.2)
            else:
                break
        article = json.dumps({"url": "https://bench.example/gti/", "title": "The Golf GTI Clubsport tested",
                              "body": "We drove the Golf GTI Clubsport on track and road. " * 20})
        urllib.request.urlopen(urllib.request.Request(
            f"{base}/api/v1/articles/", data=article.encode(), method="POST",
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"}), timeout=60)
        url = f"{base}/akismet/1.1/comment-check"

        def fields(n: int) -> dict:
            return {"api_key": key, "blog": "https://bench.example/", "user_ip": f"203.0.113.{n % 250}",
                    "permalink": "https://bench.example/gti/", "comment_author": f"reader{n}",
                    "comment_content": f"{BODIES[n % len(BODIES)]} ({n})"}

        warm_started = time.perf_counter()
        for n in range(args.workers * 4):  # every worker loads (or first trains) the model
            post(url, fields(10_000_000 + n), timeout=600)
        warm = time.perf_counter() - warm_started
        latencies: list[float] = []
        answers: dict[str, int] = {}
        lock = threading.Lock()

        def client(index: int) -> None:
            for i in range(args.requests):
                seconds, answer = post(url, fields(index * 100_000 + i))
                with lock:
                    latencies.append(seconds)
                    answers[answer] = answers.get(answer, 0) + 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(30)
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    print(f"comment-check, {args.clients} clients x {args.requests} requests, "
          f"gunicorn --workers {args.workers}, SQLite, real model (warm-up {warm:.1f} s)")
    print(f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"{len(latencies) / elapsed:.1f} req/s, answers {answers}")


if __name__ == "__main__":
    main()
