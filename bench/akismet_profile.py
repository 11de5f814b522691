"""Where one Akismet comment-check spends its time: N requests through Django's test client, in-process.

A private install (SQLite in a temporary folder unless DATABASE_URL names an empty database) with the
bootstrap model live, a site, its key, the 16 seed-corpus articles registered, and a published history
(HISTORY seed comments, a quarter with links, all older than a day) so the queries read what a real
site's would. The checks are the seed comments, each to its article, one at a time. Prints wall and
CPU time per request, queries per request, and each step's mean wall and CPU time (a timer wrapped
around the function where its caller looks it up: cheap, so the figures are the unprofiled ones; CPU
time is this process's, so a shared machine disturbs it less than wall time). `--top N` adds cProfile's
top N functions.

    .venv/bin/python bench/akismet_profile.py [--requests 200] [--history 2000] [--model DIR] [--top N]

`--model DIR` registers an already trained model directory instead of training the seed model.
"""
from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BLOG = "https://bench.example/"
# (label, module, attribute): the steps of a comment-check, each timed where its caller looks it up.
STEPS = [
    ("authorise key (lookup, rate limit, last use)", "api.access", "authorise"),
    ("record comment (article, author, insert)", "api.checking", "_record"),
    ("  article_for", "api.checking", "article_for"),
    ("  identities.commenter", "api.identities", "commenter"),
    ("  submit_comment", "moderation.services", "submit_comment"),
    ("score_now (claim, inputs, model, policy)", "moderation.worker", "score_now"),
    ("  live model lookup", "moderation.worker", "active_model"),
    ("  site_domains", "moderation.worker", "site_domains"),
    ("  comment_inputs (discussion, reply chain)", "moderation.inputs", "comment_inputs"),
    ("  model.score", "ml.model", "ModerationModel.score"),
    ("  apply_scores (policy, writes, audit)", "moderation.services", "apply_scores"),
    ("    policy_settings", "moderation.inputs", "policy_settings"),
    ("    standings", "moderation.inputs", "standings"),
    ("    copies_by_other_accounts", "moderation.inputs", "copies_by_other_accounts"),
    ("    transition_pending (update, audit rows)", "moderation.services.scoring", "transition_pending"),
    ("    _save_scores (score record, review)", "moderation.services.scoring", "_save_scores"),
    ("verdict (read back)", "api.checking", "verdict"),
]

def setup(database_url: str | None) -> None:
    var = Path(tempfile.mkdtemp(prefix="pitlane-profile-akismet-"))
    os.environ.update(PITLANE_VAR_DIR=str(var), LOG_LEVEL="WARNING", PITLANE_RATE_API_KEY="1000000/m",
                      PITLANE_PUBLISH_IMMEDIATELY="false", DJANGO_SETTINGS_MODULE="config.settings")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def world(history: int, model_dir: Path | None) -> tuple[str, list[dict]]:
    """The key, and the seed corpus's comments as comment-check fields (each to its article)."""
    from django.contrib.auth import get_user_model

    from api import articles, keys
    from blog.models import Comment
    from ml.seed import load_seed_articles
    from scoring import registry
    from tests.blog.builders import make_comment

    if model_dir is not None:
        registry.promote(registry.register(model_dir).pk, None)
    site = keys.site_for("Bench", BLOG)
    _, key = keys.issue_key(site)
    reader = get_user_model().objects.create_user("historian")
    checks, seeded = [], []
    for seed in load_seed_articles():
        permalink = f"{BLOG}{seed.slug}/"
        article, _ = articles.register(site, articles.ArticleText(url=permalink, title=seed.title,
                                                                  body=seed.body))
        seeded += [(article, comment.body) for comment in seed.comments]
        checks += [{"api_key": key, "blog": BLOG, "permalink": permalink, "comment_author": comment.author,
                    "comment_content": comment.body} for comment in seed.comments]
    for n in range(history):  # older than a day: history, not a wave of copies
        article, body = seeded[n % len(seeded)]
        link = f" Parts from https://shop{n % 50}.example/part{n}" if n % 4 == 0 else ""
        make_comment(article, reader, f"{body}{link}", status=Comment.Status.PUBLISHED, minutes=-n)
    return key, checks


def fields(checks: list[dict], n: int) -> dict:
    return {**checks[n % len(checks)], "user_ip": f"203.0.113.{n % 250}",
            "comment_content": f"{checks[n % len(checks)]['comment_content']} ({n})"}


def timed(checks: list[dict], numbers: range) -> tuple[list[float], list[float]]:
    """Wall seconds and this process's CPU seconds of each request, unprofiled, each sorted."""
    from django.test import Client

    client, wall, cpu = Client(), [], []
    for n in numbers:
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.post("/akismet/1.1/comment-check", fields(checks, n))
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200 and response.content in (b"true", b"false"), response
    return sorted(wall), sorted(cpu)


def with_timers() -> dict[str, list[float]]:
    """Wrap each step in a timer; {label: [wall seconds, CPU seconds]} accumulates over the calls."""
    totals: dict[str, list[float]] = {}
    for label, module_name, attribute in STEPS:
        owner = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, _timer(getattr(owner, name), totals.setdefault(label, [0.0, 0.0])))
    return totals


def _timer(function, total: list[float]):
    @functools.wraps(function)
    def timed_step(*args, **kwargs):
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            total[0] += time.perf_counter() - started
            total[1] += time.process_time() - started_cpu

    return timed_step


def profiled(checks: list[dict], numbers: range, top: int) -> None:
    """cProfile's top functions by cumulative CPU time (the machine may be shared)."""
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    timed(checks, numbers)
    profile.disable()
    pstats.Stats(profile).sort_stats("cumulative").print_stats(top)


def percentile(sorted_seconds: list[float], percent: int) -> float:
    return sorted_seconds[max(0, int(len(sorted_seconds) * percent / 100) - 1)] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--history", type=int, default=2000)
    parser.add_argument("--model", type=Path, help="a trained model directory to register and promote")
    parser.add_argument("--top", type=int, default=0, help="also print cProfile's top N functions")
    args = parser.parse_args()
    setup(os.environ.get("DATABASE_URL"))
    _, checks = world(args.history, args.model)
    timed(checks, range(10_000, 10_005))  # load the model, fill per-process caches
    from django.db import connection

    queries = []
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        wall, cpu = timed(checks, range(args.requests))
    totals = with_timers()
    timed(checks, range(20_000, 20_000 + args.requests))
    print(f"comment-check in-process, {connection.vendor}, {args.requests} requests, "
          f"{args.history} published comments of history")
    print(f"per request: wall p50 {percentile(wall, 50):.1f} ms, p95 {percentile(wall, 95):.1f} ms; "
          f"CPU of this process p50 {percentile(cpu, 50):.1f} ms; {len(queries) / args.requests:.1f} queries")
    print(f"  {'step (mean per request)':<48} {'wall':>8} {'CPU':>8}")
    for label, (step_wall, step_cpu) in totals.items():
        per_request = [seconds / args.requests * 1000 for seconds in (step_wall, step_cpu)]
        print(f"  {label:<48} {per_request[0]:5.1f} ms {per_request[1]:5.1f} ms")
    if args.top:
        profiled(checks, range(30_000, 30_000 + args.requests), args.top)


if __name__ == "__main__":
    main()
