"""Held-out quality on the shared data, beside baselines computed in the same run.

    python bench/quality.py [--data ../shared/data] [--skip-full] [--only drift|spam]

Drift: GroupKFold by thread on drift-train.jsonl. Spam: leave one video out, and the share of real
car-community comments marked spam (bench/quality_spam.py). The "full" model is
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

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import normalize

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ml  # noqa: E402
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
        drift_report(drift, videos, bootstrap, not args.skip_full)
    if args.only != "drift":
        spam_report(args.data, drift, videos, bootstrap, not args.skip_full)


def drift_report(drift, videos, bootstrap, with_full: bool) -> None:
    kinds = np.asarray([e.kind for e in drift])
    groups = [e.group for e in drift]
    columns = {"tfidf_cosine": np.zeros(len(drift)), "background_kl": np.zeros(len(drift))}
    full_scores = np.zeros((len(drift), 3))
    youtube = [e for rows in videos.values() for e in rows]
    for fold, (train, test) in enumerate(GroupKFold(n_splits=5).split(drift, groups=groups), start=1):
        train_rows, test_rows = [drift[i] for i in train], [drift[i] for i in test]
        columns["tfidf_cosine"][test] = -tfidf_cosine(train_rows, test_rows)
        columns["background_kl"][test] = background_kl(train_rows, test_rows)
        if with_full:
            model = ml.train_model(train_rows + youtube + seed_examples())
            full_scores[test] = decisions(model, test_rows)
            print(f"  drift fold {fold}/5 done", file=sys.stderr)
    models = {"bootstrap": decisions(bootstrap, drift)} | ({"full": full_scores} if with_full else {})
    print("DRIFT (drift-train.jsonl, GroupKFold by thread, 5 folds): ROC-AUC on_topic vs ...")
    print(
        f"  {'scorer':<22}{'all drift':>10}{'same':>8}{'other':>8}{'off_topic acc':>15}{'flagged acc':>13}"
        f"{'best-threshold acc':>20}"
    )
    for name, scores in columns.items():
        print(f"  {name + ' (baseline)':<22}" + "".join(f"{v:>8.3f}  " for v in aucs(kinds, scores)))
    for name, scores in models.items():
        truth = kinds != "on_topic"
        line = "".join(f"{v:>8.3f}  " for v in aucs(kinds, scores[:, 0]))
        print(
            f"  {name + ' model':<22}{line}{accuracy_score(truth, scores[:, 1]):>11.3f}"
            f"{accuracy_score(truth, scores[:, 2]):>13.3f}"
            f"{best_threshold_accuracy(truth, scores[:, 0]):>20.3f}"
        )
    print()


def best_threshold_accuracy(truth: np.ndarray, scores: np.ndarray) -> float:
    """Accuracy at the best threshold in hindsight: what the judge reports beside the model's own."""
    return max(accuracy_score(truth, scores >= t) for t in np.unique(scores))


def decisions(model: ml.ModerationModel, rows) -> np.ndarray:
    """drift_score, off_topic and flagged for each row."""
    return np.asarray(
        [(s.drift_score, s.off_topic, s.flagged) for s in model.score([e.comment for e in rows])]
    )


def aucs(kinds: np.ndarray, scores: np.ndarray) -> list[float]:
    on_topic = kinds == "on_topic"
    values = [roc_auc_score(~on_topic, scores)]
    for kind in KINDS:
        rows = on_topic | (kinds == kind)
        values.append(roc_auc_score(kinds[rows] == kind, scores[rows]))
    return values


def tfidf_cosine(train_rows, test_rows) -> np.ndarray:
    """Plain TF-IDF cosine of comment and article (IDF from the training fold's documents)."""
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    vectorizer.fit([e.comment.body for e in train_rows] + [_article(e) for e in train_rows])
    comments = vectorizer.transform([e.comment.body for e in test_rows])
    articles = vectorizer.transform([_article(e) for e in test_rows])
    return np.asarray(comments.multiply(articles).sum(axis=1)).ravel()


def background_kl(train_rows, test_rows, mu: float = 100.0) -> np.ndarray:
    """KL(comment || article smoothed with background) - KL(comment || background); higher = drift."""
    vectorizer = CountVectorizer(stop_words="english")
    background = (
        np.asarray(
            vectorizer.fit_transform(
                [e.comment.body for e in train_rows] + [_article(e) for e in train_rows]
            ).sum(axis=0)
        ).ravel()
        + 1.0
    )
    background /= background.sum()
    comments = normalize(vectorizer.transform([e.comment.body for e in test_rows]).astype(float), norm="l1")
    articles = vectorizer.transform([_article(e) for e in test_rows]).toarray()
    smoothed = (articles + mu * background) / (articles.sum(axis=1, keepdims=True) + mu)
    dense = comments.toarray()
    return (dense * (np.log(background) - np.log(smoothed))).sum(axis=1)


def _article(example) -> str:
    return f"{example.comment.article_title}\n{example.comment.article_body}"


if __name__ == "__main__":
    main()
