"""Held-out quality on the shared data, beside baselines computed in the same run.

    python bench/quality.py [--data ../shared/data] [--skip-full] [--only drift|spam]

Drift (bench/drift_quality.py): drift-train.jsonl and car-forum/drift-mechanicadvice.jsonl, GroupKFold
by thread, beside TF-IDF cosine, background KL and zero-shot MiniLM cosine. Spam: leave one video out,
and the share of real car-community comments marked spam (bench/quality_spam.py). The "full" model is
trained exactly as `python -m ml train --data drift-train.jsonl youtube-spam` trains it (seed corpus
included, thresholds picked on inner out-of-fold predictions), but without the rows being scored.
The "bootstrap" model is trained on the seed corpus alone and never sees the shared data.
Nothing is tuned here: the script only reports.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ml  # noqa: E402
from bench.drift_quality import drift_report, load_drift_set  # noqa: E402
from bench.quality_spam import spam_report  # noqa: E402
from ml.loaders import load_jsonl, load_youtube  # noqa: E402
from ml.seed import seed_examples  # noqa: E402

KINDS = ("drift_same_domain", "drift_other_domain")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--skip-full", action="store_true", help="only the bootstrap model and baselines")
    parser.add_argument("--only", choices=("drift", "spam"), help="run one of the two reports")
    args = parser.parse_args()
    drift = load_jsonl(args.data / "drift-train.jsonl")
    videos = {f.stem: load_youtube(f) for f in sorted((args.data / "youtube-spam").glob("*.csv"))}
    started = time.time()
    bootstrap = ml.bootstrap_model()
    print(
        f"bootstrap model trained on {len(seed_examples())} seed comments in {time.time() - started:.1f}s\n"
    )
    if args.only != "spam":
        sets = {
            "drift-train.jsonl": load_drift_set(args.data / "drift-train.jsonl"),
            "drift-mechanicadvice.jsonl": load_drift_set(
                args.data / "car-forum" / "drift-mechanicadvice.jsonl"
            ),
        }
        youtube = [e for rows in videos.values() for e in rows]
        drift_report(sets, youtube, bootstrap, not args.skip_full)
    if args.only != "drift":
        spam_report(args.data, drift, videos, bootstrap, not args.skip_full)


if __name__ == "__main__":
    main()
