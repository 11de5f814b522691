"""`python -m ml train | evaluate | bootstrap`: the model's life cycle from a terminal."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import numpy as np

from ml.evaluate import binary_report, picker_line, threshold_for_precision
from ml.loaders import load_paths
from ml.persistence import load_model, save_model
from ml.seed import seed_examples
from ml.train import SPAM_TARGET_PRECISION, train_model
from ml.types import DataError, Example, ModelError


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (DataError, ModelError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # a folder where a file was expected, no permission, a full disk
        print(f"error: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ml", description=__doc__)
    commands = parser.add_subparsers(required=True)
    train = commands.add_parser("train", help="train a model from labelled files (plus the seed corpus)")
    train.add_argument("--data", nargs="+", required=True, help="JSONL files, YouTube CSVs/folders, 20NG")
    train.add_argument("--out", required=True, help="model directory to write")
    train.add_argument("--no-seed", dest="seed", action="store_false", help="leave out our seed corpus")
    train.set_defaults(run=_train)
    evaluate = commands.add_parser("evaluate", help="score labelled files with a saved model")
    evaluate.add_argument("--model", required=True)
    evaluate.add_argument("--data", nargs="+", required=True)
    evaluate.add_argument("--target-precision", type=float, default=SPAM_TARGET_PRECISION,
                          help="also print the thresholds that reach this precision on these files")
    evaluate.set_defaults(run=_evaluate)
    bootstrap = commands.add_parser("bootstrap", help="train from the seed corpus only")
    bootstrap.add_argument("--out", required=True)
    bootstrap.set_defaults(run=_bootstrap)
    return parser


def _train(args) -> int:
    examples = load_paths(args.data) + (seed_examples() if args.seed else [])
    print(f"training on {len(examples)} examples", file=sys.stderr)
    model = train_model(examples, progress=True)
    _print_saved(model, save_model(model, args.out))
    return 0


def _bootstrap(args) -> int:
    model = train_model(seed_examples(), progress=True)
    _print_saved(model, save_model(model, args.out))
    return 0


def _print_saved(model, directory) -> None:
    metrics = model.metadata["metrics"]
    print(f"saved model {model.version} to {directory}")
    print(f"thresholds: {json.dumps(model.thresholds)}")
    for head in ("spam", "drift"):
        m = metrics[head]
        print(
            f"out-of-fold {head}: ROC-AUC {m['roc_auc']:.3f}  PR-AUC {m['pr_auc']:.3f}  F1 {m['f1']:.3f}  "
            f"MCC {m['mcc']:.3f}"
        )


def _evaluate(args) -> int:
    model = load_model(args.model)
    examples = load_paths(args.data)
    scores = model.score([e.comment for e in examples])
    labels = np.asarray([e.label for e in examples])
    spam_scores = np.asarray([s.spam_score for s in scores])
    drift_scores = np.asarray([s.drift_score for s in scores])
    print(f"model {model.version}, {len(examples)} examples, thresholds {json.dumps(model.thresholds)}")
    if "spam" in labels and (labels != "spam").any():
        truth = labels == "spam"
        _print_report("spam", binary_report(truth, spam_scores, model.thresholds["spam"]))
        print(picker_line("spam", threshold_for_precision(truth, spam_scores, args.target_precision)))
    drift_rows = labels != "spam"
    if "off_topic" in labels and (labels == "ham").any():
        truth = labels[drift_rows] == "off_topic"
        _print_report("drift", binary_report(truth, drift_scores[drift_rows], model.thresholds["drift"]))
        print(
            picker_line(
                "drift", threshold_for_precision(truth, drift_scores[drift_rows], args.target_precision)
            )
        )
        _print_kinds(examples, drift_scores)
    flagged = np.asarray([s.flagged for s in scores])
    print(f"flagged (held for a moderator): {flagged.mean():.1%} of {len(flagged)}")
    return 0


def _print_report(head: str, report: dict) -> None:
    (tn, fp), (fn, tp) = report["confusion"]
    print(
        f"{head}: ROC-AUC {report['roc_auc']:.3f}  PR-AUC {report['pr_auc']:.3f}  at threshold "
        f"{report['threshold']:.3f}: accuracy {report['accuracy']:.3f}  F1 {report['f1']:.3f}  "
        f"MCC {report['mcc']:.3f}  confusion [[tn {tn}, fp {fp}], [fn {fn}, tp {tp}]]"
    )


def _print_kinds(examples: Sequence[Example], drift_scores: np.ndarray) -> None:
    from sklearn.metrics import roc_auc_score

    kinds = np.asarray([e.kind for e in examples])
    on_topic = np.isin(kinds, ["on_topic", "ham"])
    for kind in sorted(set(kinds) - {"on_topic", "ham", "spam", "off_topic"}):
        rows = on_topic | (kinds == kind)
        print(
            f"drift ROC-AUC on_topic vs {kind}: {roc_auc_score(kinds[rows] == kind, drift_scores[rows]):.3f}"
        )
