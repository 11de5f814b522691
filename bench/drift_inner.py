"""Inner evaluation of the drift head: the folds inside bench/quality.py's outer training parts.

    python bench/drift_inner.py [--data ../shared/data] [--head NAME ...]

For each of bench/quality.py's five outer folds (GroupKFold by thread on drift-train), the outer test
rows are put aside and never read. The drift head's rows of the outer training part (drift-train +
YouTube + seed, as `ml.train.train_model` builds them) are split again by `GroupKFold(5)`; the head is
fitted on each inner training part and scores the inner test part. Reported, averaged over the outer
parts, on drift-train rows:

* ROC-AUC all / same-domain / other-domain, test rows as training builds them (a quarter without
  their discussion) and with every row's discussion (as bench/quality.py and the judge score them);
* "thr acc": accuracy of each inner fold at the threshold `_drift_threshold` picks on the other inner
  folds' out-of-fold scores (with discussions); "best": best threshold in hindsight;
* "YT off": share of YouTube ham at or above that threshold.

Candidates are named in HEADS; choices are made here, never on bench/quality.py's figures.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score
from sklearn.model_selection import GroupKFold
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drift_quality import aucs  # noqa: E402  (bench/ is the script's own folder)

from ml import train  # noqa: E402
from ml.discussion import with_discussions  # noqa: E402
from ml.loaders import load_jsonl, load_youtube  # noqa: E402
from ml.pipelines import as_array, drift_head  # noqa: E402
from ml.seed import seed_examples  # noqa: E402

HEADS: dict[str, Callable] = {"current": drift_head}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--head", nargs="+", default=list(HEADS), choices=list(HEADS))
    args = parser.parse_args()
    drift = load_jsonl(args.data / "drift-train.jsonl")
    youtube = [e for f in sorted((args.data / "youtube-spam").glob("*.csv")) for e in load_youtube(f)]
    print(
        f"{'head':<28}{'AUC as trained':>22}{'AUC with discussions':>24}"
        f"{'thr acc':>9}{'best':>7}{'YT off':>8}"
    )
    for name in args.head:
        rows = [inner_figures(HEADS[name], train_part, youtube) for train_part in outer_parts(drift)]
        mean = np.mean(rows, axis=0)
        print(
            f"{name:<28}{mean[0]:>8.3f}/{mean[1]:.3f}/{mean[2]:.3f}"
            f"{mean[3]:>10.3f}/{mean[4]:.3f}/{mean[5]:.3f}{mean[6]:>9.3f}{mean[7]:>7.3f}{mean[8]:>8.4f}"
        )


def outer_parts(drift) -> list[list]:
    groups = [e.group for e in drift]
    return [
        [drift[i] for i in train_rows] for train_rows, _ in GroupKFold(n_splits=5).split(drift, groups=groups)
    ]


def inner_figures(make_head: Callable, drift_part, youtube, fold_count: int = 5) -> list[float]:
    examples = [e for e in drift_part + youtube + seed_examples() if e.label != "spam"]
    trained_as = as_array(train._training_contexts(examples))
    with_discussion = as_array(with_discussions([e.comment for e in examples]))
    truth = np.asarray([e.label == "off_topic" for e in examples])
    sources = np.asarray([e.source for e in examples])
    kinds = np.asarray([e.kind for e in examples])
    groups = np.asarray([f"{e.source}:{e.group}" for e in examples])
    weights = np.asarray([train.CONTEXT_FREE_WEIGHT if s == "youtube" else 1.0 for s in sources])
    as_trained, scored = np.zeros(len(examples)), np.zeros(len(examples))
    folds = list(GroupKFold(n_splits=fold_count).split(trained_as, truth, groups))
    with threadpool_limits(1):
        for fit_rows, test_rows in folds:
            head = make_head().fit(
                trained_as[fit_rows], truth[fit_rows], classifier__sample_weight=weights[fit_rows]
            )
            as_trained[test_rows] = head.predict_proba(trained_as[test_rows])[:, 1]
            scored[test_rows] = head.predict_proba(with_discussion[test_rows])[:, 1]
    drift_rows = sources == "jsonl"
    accuracies = []
    for fit_rows, test_rows in folds:
        threshold = train._drift_threshold(truth[fit_rows], scored[fit_rows], sources[fit_rows])
        rows = test_rows[drift_rows[test_rows]]
        accuracies.append(accuracy_score(truth[rows], scored[rows] >= threshold))
    whole_threshold = train._drift_threshold(truth, scored, sources)
    youtube_ham = (sources == "youtube") & ~truth
    best = max(
        accuracy_score(truth[drift_rows], scored[drift_rows] >= t) for t in np.unique(scored[drift_rows])
    )
    return [
        *aucs(kinds[drift_rows], as_trained[drift_rows]),
        *aucs(kinds[drift_rows], scored[drift_rows]),
        float(np.mean(accuracies)),
        best,
        float(np.mean(scored[youtube_ham] >= whole_threshold)),
    ]


if __name__ == "__main__":
    main()
