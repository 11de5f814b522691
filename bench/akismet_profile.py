"""Where one Akismet comment-check spends its time: cProfile over N requests through Django's test client.

A private install (SQLite in a temporary folder unless DATABASE_URL names an empty database) with the
bootstrap model live, a site, its key, the 16 seed-corpus articles registered, and a published history
(HISTORY seed comments, a quarter with links, all older than a day) so the queries read what a real
site's would. The checks are the seed comments, each to its article. Prints per-request wall time
unprofiled, queries per request, and the cumulative time of the steps a request goes through.

    .venv/bin/python bench/akismet_profile.py [--requests 200] [--history 2000] [--model DIR]

`--model DIR` registers an already trained model directory instead of training the seed model.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BLOG = "https://bench.example/"
# (label, file ending, function): the steps of a comment-check, cumulative seconds per request.
STEPS = [
    ("whole request", "akismet.py", "wrapper"),
    ("authorise key (lookup, rate limit, last use)", "access.py", "authorise"),
    ("record comment (article, author, insert)", "checking.py", "_record"),
    ("  article_for", "checking.py", "article_for"),
    ("  identities.commenter", "identities.py", "commenter"),
    ("  submit_comment", "submission.py", "submit_comment"),
    ("score_now (load row, inputs, model, policy)", "worker.py", "score_now"),
    ("  live model lookup", "worker.py", "active_model"),
    ("  site_domains", "domains.py", "site_domains"),
    ("  comment_inputs (discussion, reply chain)", "inputs.py", "comment_inputs"),
    ("  model.score", "ml/model.py", "score"),
    ("  apply_scores (policy, writes, audit)", "scoring.py", "apply_scores"),
    ("    policy_settings", "inputs.py", "policy_settings"),
    ("    standings", "inputs.py", "standings"),
    ("    copies_by_other_accounts", "inputs.py", "copies_by_other_accounts"),
    ("    transition_pending (update, audit rows)", "core.py", "transition_pending"),
    ("    _save_scores (score record, review)", "scoring.py", "_save_scores"),
    ("verdict (read back)", "checking.py", "verdict"),
    ("webhook receivers", "receivers.py", "comment_status_changed"),
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


def timed(checks: list[dict], numbers: range) -> list[float]:
    """Wall seconds of each request, unprofiled."""
    from django.test import Client

    client, seconds = Client(), []
    for n in numbers:
        started = time.perf_counter()
        response = client.post("/akismet/1.1/comment-check", fields(checks, n))
        seconds.append(time.perf_counter() - started)
        assert response.status_code == 200 and response.content in (b"true", b"false"), response
    return sorted(seconds)


def profiled(checks: list[dict], numbers: range) -> tuple[float, pstats.Stats]:
    """Queries per request, and the profile of the requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profile = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        profile.enable()
        timed(checks, numbers)
        profile.disable()
    return len(queries) / len(numbers), pstats.Stats(profile)


def step_seconds(stats: pstats.Stats, ending: str, function: str) -> float:
    total = 0.0
    for (filename, _, name), (_, _, _, cumulative, _) in stats.stats.items():
        if name == function and filename.endswith(ending) and "/site-packages/" not in filename:
            total += cumulative
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--history", type=int, default=2000)
    parser.add_argument("--model", type=Path, help="a trained model directory to register and promote")
    parser.add_argument("--top", type=int, default=25, help="also print the top N functions")
    args = parser.parse_args()
    setup(os.environ.get("DATABASE_URL"))
    _, checks = world(args.history, args.model)
    timed(checks, range(10_000, 10_005))  # load the model, fill per-process caches
    seconds = timed(checks, range(args.requests))
    queries, stats = profiled(checks, range(20_000, 20_000 + args.requests))
    from django.db import connection

    print(f"comment-check in-process, {connection.vendor}, {args.requests} requests, "
          f"{args.history} published comments of history")
    print(f"wall per request unprofiled: p50 {seconds[len(seconds) // 2] * 1000:.1f} ms, "
          f"p95 {seconds[int(len(seconds) * 0.95) - 1] * 1000:.1f} ms; {queries:.1f} queries per request")
    print("cumulative per request under cProfile (which inflates Python-heavy steps):")
    for label, ending, function in STEPS:
        print(f"  {label:<48} {step_seconds(stats, ending, function) / args.requests * 1000:7.2f} ms")
    if args.top:
        stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
