"""How long a retrain takes on all of the shared YouTube + drift data, and what the candidate scores.

    .venv/bin/python bench/retrain.py [--data ../shared/data] [--holdout 0.2] [--folds 5] [--service]

Does what the admin "Retrain" button does, minus the database: the shared rows stand in for moderator
decisions (dated in file order, which is arrival order for both sets), the seed corpus is added, copies
are dropped, the most recent share is held out, both heads are trained (5 grouped folds for the
thresholds), and the candidate is compared with the seed-only bootstrap model on the held-out rows.
With --service it also times the real path in a throw-away SQLite database and model folder:
`manage.py import_corpus` for both files, then `manage.py train_model` (the admin's Retrain button,
run in-process), which trains on the imported corpora plus the seed. Prints figures; never part of
the test run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import ml  # noqa: E402
from ml.dataset import Decision, build_training_set  # noqa: E402
from ml.plots import render_plots  # noqa: E402
from ml.report import compare_models  # noqa: E402
from ml.seed import seed_examples  # noqa: E402

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--holdout", type=float, default=0.2, help="share of the newest rows held out")
    parser.add_argument("--folds", type=int, default=5, help="as PITLANE_RETRAIN_FOLDS (default 5)")
    parser.add_argument("--service", action="store_true", help="also time import_corpus + train_model")
    return parser.parse_args()


def as_decisions(examples: list[ml.Example]) -> list[Decision]:
    """One minute apart in file order per source, interleaved, so both sets reach the held-out tail."""
    decisions = []
    for source in sorted({e.source for e in examples}):
        rows = [e for e in examples if e.source == source]
        step = timedelta(days=30) / len(rows)
        decisions += [Decision(e, EPOCH + i * step, f"{source}:{i}") for i, e in enumerate(rows)]
    return decisions


def main() -> int:
    args = parse_args()
    started = time.perf_counter()
    shared = ml.load_paths([args.data / "youtube-spam", args.data / "drift-train.jsonl"])
    dataset = build_training_set(as_decisions(shared), seed=seed_examples(), fraction=args.holdout)
    loaded = time.perf_counter()
    candidate = ml.train_model(dataset.train, folds=args.folds)
    trained = time.perf_counter()
    live = ml.bootstrap_model()
    bootstrapped = time.perf_counter()
    report = compare_models(dataset.holdout, candidate, live)
    plots = render_plots(report)
    reported = time.perf_counter()
    print(f"rows: {len(shared)} shared + seed; training set {dataset.summary['train']}")
    print(
        f"held out: {dataset.summary['holdout']['labels']}; "
        f"copies dropped {dataset.summary['duplicates_dropped']}"
    )
    print(f"load + de-duplicate + split: {loaded - started:.1f} s")
    print(f"train candidate ({args.folds} folds + final fit, both heads): {trained - loaded:.1f} s")
    print(f"report (score held-out with both models, {len(plots)} plots): {reported - bootstrapped:.1f} s")
    total = reported - started - (bootstrapped - trained)
    print(
        f"retrain total (all but training the bootstrap live model): {total:.1f} s wall, "
        f"{time.process_time():.1f} s CPU for the whole script, load average {os.getloadavg()[0]:.1f}"
    )
    print_metrics(report)
    if args.service:
        time_service(args)
    return 0


def time_service(args: argparse.Namespace) -> None:
    """The same data through the management commands, against a fresh database and model folder."""
    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "PITLANE_VAR_DIR": var, "DATABASE_URL": f"sqlite:///{var}/bench.sqlite3",
               "PITLANE_MODEL_DIR": f"{var}/models", "PITLANE_RETRAIN_FOLDS": str(args.folds)}
        manage("migrate", "-v", "0", env=env)
        bootstrap = "from scoring import live_model; live_model.get_active_model()"
        manage("shell", "-c", bootstrap, env=env)  # the live model exists before the clock starts
        corpora = (("youtube", args.data / "youtube-spam"), ("jsonl", args.data / "drift-train.jsonl"))
        for fmt, path in corpora:
            seconds = manage("import_corpus", "--format", fmt, str(path), "-v", "0", env=env)
            print(f"service: import_corpus {path.name}: {seconds:.1f} s")
        print(f"service: train_model (registry retrain in-process, imported + seed): "
              f"{manage('train_model', env=env):.1f} s wall, load average {os.getloadavg()[0]:.1f}")


def manage(*command: str, env: dict) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, str(REPO / "manage.py"), *command], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def print_metrics(report: dict) -> None:
    for head in ("spam", "drift"):
        for name, model in report["models"].items():
            m = model["heads"][head]
            pick = m["picker"] or {}
            print(
                f"{head:5} {name:9} n={m['n']:4} ROC-AUC {m['roc_auc']:.3f} PR-AUC {m['pr_auc']:.3f} "
                f"at {m['threshold']:.3f}: precision {m['precision'] or 0:.3f} "
                f"recall {m['recall'] or 0:.3f} "
                f"MCC {m['mcc']:.3f} Brier {m['calibration']['brier']:.3f}; "
                f"precision>={report['target_precision']} -> recall {pick.get('recall', 0):.3f}"
            )


if __name__ == "__main__":
    sys.exit(main())
