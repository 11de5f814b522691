"""Inner evaluation of the spam head: train on one YouTube video (+ drift-train + seed), test on another.

    python bench/spam_inner.py [--data ../shared/data] [--outer]

The spam head is trained exactly as `ml.train.train_model` trains it (same rows, contexts, grouped
out-of-fold threshold), for each of the six ordered video pairs. A pair (A -> B) belongs to the outer
fold whose held-out video is the third one, so choices for that outer fold may read it; the report
groups the pairs that way. `--outer` adds the leave-one-video-out figures of the spam head alone
(what bench/quality.py reports as "full model: spam"): report those once per finished candidate,
never to choose.
"""

from __future__ import annotations

import argparse
import sys
from itertools import permutations
from pathlib import Path

import numpy as np
from sklearn.metrics import matthews_corrcoef, roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ml.loaders import load_jsonl, load_youtube  # noqa: E402
from ml.pipelines import as_array  # noqa: E402
from ml.seed import seed_examples  # noqa: E402
from ml.train import fit_spam_head  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--outer", action="store_true", help="also the held-out-video figures (report only)")
    args = parser.parse_args()
    fixed = load_jsonl(args.data / "drift-train.jsonl") + seed_examples()
    videos = {f.stem[:2]: load_youtube(f) for f in sorted((args.data / "youtube-spam").glob("*.csv"))}
    print("inner pairs (train -> test): MCC at own threshold, best MCC, ROC-AUC, threshold, drift-train")
    print("  on-topic replies held as spam (out of fold)")
    by_outer: dict[str, list[tuple[float, float, float]]] = {}
    for train, test in permutations(videos, 2):
        figures = evaluate(videos[train] + fixed, videos[test])
        outer = next(v for v in videos if v not in (train, test))
        by_outer.setdefault(outer, []).append(figures[:3])
        print(f"  {train} -> {test}  " + "  ".join(f"{v:.3f}" for v in figures))
    every = np.asarray([f for rows in by_outer.values() for f in rows])
    for outer, rows in sorted(by_outer.items()):
        mean = np.mean(rows, axis=0)
        print(f"  outer {outer}: inner mean MCC {mean[0]:.3f} best {mean[1]:.3f} AUC {mean[2]:.3f}")
    print(
        f"  all six: MCC mean {every[:, 0].mean():.3f} worst {every[:, 0].min():.3f}"
        f"  best-MCC mean {every[:, 1].mean():.3f}  AUC mean {every[:, 2].mean():.3f}"
    )
    if args.outer:
        print("held-out video (train on the other two): MCC, best MCC, ROC-AUC, threshold")
        for held_out in videos:
            train_rows = [e for name, rows in videos.items() if name != held_out for e in rows]
            figures = evaluate(train_rows + fixed, videos[held_out])
            print(f"  {held_out}  " + "  ".join(f"{v:.4f}" for v in figures))


def evaluate(train_rows, test_rows) -> tuple[float, ...]:
    """MCC at the head's threshold, best MCC, ROC-AUC, threshold, on-topic replies held as spam (share)."""
    head, threshold, oof = fit_spam_head(train_rows)
    replies = np.asarray([e.source in ("jsonl", "20ng") and e.kind == "on_topic" for e in train_rows])
    scores = head.predict_proba(as_array([e.comment for e in test_rows]))[:, 1]
    truth = np.asarray([e.label == "spam" for e in test_rows])
    best = max(matthews_corrcoef(truth, scores >= t) for t in np.unique(scores))
    return (
        matthews_corrcoef(truth, scores >= threshold),
        best,
        roc_auc_score(truth, scores),
        threshold,
        float((oof[replies] >= threshold).mean()),
    )


if __name__ == "__main__":
    main()
