"""The drift section of bench/quality.py: two drift sets, baselines and models scored in one run.

Sets: drift-train.jsonl (20 Newsgroups rec.autos threads) and car-forum/drift-mechanicadvice.jsonl
(real r/MechanicAdvice threads). For each set:

* baselines, no training on the set's rows: TF-IDF cosine and background KL (IDF / background from the
  fold's training rows), and the zero-shot all-MiniLM-L6-v2 cosine of comment and article (the
  product's own encoder, untrained; article cut at 256 word pieces);
* the bootstrap model (seed corpus only), scored directly;
* the trained model: GroupKFold(5) by thread on the set; each fold's drift head is trained as
  `python -m ml train` trains it on everything else (the other set, YouTube, seed, the set's other
  folds), threshold picked on its own out-of-fold predictions. Nothing here is tuned.

Decisions are read at the model's `off_topic` threshold: accuracy, MCC, the share of on-topic comments
marked off_topic, and the policy's outcome at the default settings (published / collapsed / held).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics import accuracy_score, matthews_corrcoef, roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import normalize

import ml
from ml.discussion import with_discussions
from ml.embeddings import load_embeddings
from ml.pipelines import as_array
from ml.seed import seed_examples
from ml.train import fit_drift_head
from ml.types import Example

KINDS = ("drift_same_domain", "drift_other_domain")


def load_drift_set(path: Path) -> list[Example]:
    """A drift JSONL: the car-forum files say `label: drift` and give the kind in `kind`."""
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        kind = row.get("kind") or row["label"]
        comment = ml.CommentInput(row["article_title"], row["article_body"], row["body"])
        label = "ham" if kind == "on_topic" else "off_topic"
        examples.append(Example(comment, label, row["thread_id"], "jsonl", kind))
    return examples


def drift_report(sets: dict[str, list[Example]], youtube, bootstrap, with_full: bool) -> None:
    for name, rows in sets.items():
        others = [e for other, other_rows in sets.items() if other != name for e in other_rows]
        _set_report(name, rows, others, youtube, bootstrap, with_full)


def _set_report(name, rows, others, youtube, bootstrap, with_full) -> None:
    kinds = np.asarray([e.kind for e in rows])
    truth = kinds != "on_topic"
    baselines = {"tfidf_cosine": np.zeros(len(rows)), "background_kl": np.zeros(len(rows))}
    folds = list(GroupKFold(n_splits=5).split(rows, groups=[e.group for e in rows]))
    for train, test in folds:
        train_rows, test_rows = [rows[i] for i in train], [rows[i] for i in test]
        baselines["tfidf_cosine"][test] = -tfidf_cosine(train_rows, test_rows)
        baselines["background_kl"][test] = background_kl(train_rows, test_rows)
    baselines["minilm_zero_shot"] = -zero_shot_cosine(rows)
    bands = (bootstrap.thresholds["drift"], bootstrap.thresholds.get("drift_hold", 1.0))
    models = {"bootstrap": (drift_scores(bootstrap.drift_head, rows), *bands)}
    if with_full:
        scores, thresholds, holds = np.zeros(len(rows)), np.zeros(len(rows)), np.zeros(len(rows))
        for fold, (train, test) in enumerate(folds, start=1):
            training = [rows[i] for i in train] + others + youtube + seed_examples()
            head, fold_thresholds, _ = fit_drift_head(training)
            scores[test] = drift_scores(head, [rows[i] for i in test])
            thresholds[test], holds[test] = fold_thresholds["drift"], fold_thresholds["drift_hold"]
            print(f"  {name} fold {fold}/5 done", file=sys.stderr)
        models["trained"] = (scores, thresholds, holds)
    print(f"DRIFT {name} ({len(rows)} rows, {len(folds)} GroupKFold folds by thread for fitted scorers)")
    print(
        f"  {'scorer':<26}{'ROC-AUC all':>12}{'same':>7}{'other':>7}{'best acc':>9}"
        f"{'acc':>7}{'MCC':>7}{'on-topic off':>13}  published/collapsed/held (on-topic | drift)"
    )
    for scorer, scores in baselines.items():
        best = best_threshold_accuracy(truth, scores)
        print(f"  {scorer + ' (baseline)':<26}{_auc_cells(kinds, scores)}{best:>9.3f}")
    for scorer, (scores, threshold, hold) in models.items():
        decided = scores >= threshold
        bands = (scores, threshold, hold)
        best = best_threshold_accuracy(truth, scores)
        print(
            f"  {scorer + ' model':<26}{_auc_cells(kinds, scores)}{best:>9.3f}"
            f"{accuracy_score(truth, decided):>7.3f}{matthews_corrcoef(truth, decided):>7.3f}"
            f"{decided[~truth].mean():>12.1%}  {_outcomes(*bands, ~truth)} | {_outcomes(*bands, truth)}"
        )
    print()


def _auc_cells(kinds: np.ndarray, scores: np.ndarray) -> str:
    all_drift, same, other = aucs(kinds, scores)
    return f"{all_drift:>12.3f}{same:>7.3f}{other:>7.3f}"


def _outcomes(scores: np.ndarray, collapse, hold, rows: np.ndarray) -> str:
    """Shares published, collapsed and held on drift alone, with the policy reading the model's bands
    (moderation.inputs.policy_settings with "use the model's thresholds" on)."""
    collapse, hold = np.broadcast_to(collapse, scores.shape)[rows], np.broadcast_to(hold, scores.shape)[rows]
    scores = scores[rows]
    held = scores >= hold
    collapsed = (scores >= collapse) & ~held
    return f"{1 - (held | collapsed).mean():.0%}/{collapsed.mean():.0%}/{held.mean():.0%}"


def drift_scores(head, rows) -> np.ndarray:
    """The drift head's scores as ModerationModel.score computes them (the batch is the discussion)."""
    X = as_array(with_discussions([e.comment for e in rows]))
    return head.predict_proba(X)[:, 1]


def best_threshold_accuracy(truth: np.ndarray, scores: np.ndarray) -> float:
    """Accuracy at the best threshold in hindsight: what the judge reports beside the model's own."""
    return max(accuracy_score(truth, scores >= t) for t in np.unique(scores))


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


def zero_shot_cosine(rows) -> np.ndarray:
    """The sentence encoder's cosine of comment and article (article cut at 256 word pieces), untrained."""
    embeddings = load_embeddings()
    comments = embeddings.encode([e.comment.body for e in rows])
    articles = embeddings.encode([_article(e) for e in rows])
    return np.einsum("ij,ij->i", comments, articles)


def _article(example) -> str:
    return f"{example.comment.article_title}\n{example.comment.article_body}"
