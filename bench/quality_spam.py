"""The spam half of bench/quality.py: held-out videos and real car-community comments, with baselines.

    python bench/quality.py --only spam [--skip-full]

1. Leave one video out: the "full" model is trained as `python -m ml train` trains it on everything else
   in the shared data (the other two videos, drift-train, the car-forum drift set, the seed corpus;
   thresholds from inner out-of-fold predictions) and scores the held-out video. Beside it, in the same
   run: a word TF-IDF + LR and a character n-gram LR, each trained on the other two videos.
2. Real car-community comments (car-forum/threads.jsonl, 5,270 comments, none of them spam): the share
   each model marks `spam` and the share inside the policy's reject-outright band. The trained model
   here is the one the item-8 command makes from all of the shared data; the car-forum drift set it
   trains on holds some of the same comments, so the share is also given without those.
Nothing is tuned here: the script only reports.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, matthews_corrcoef, roc_auc_score

import ml
from ml.dataset import normalised_text
from ml.loaders import load_jsonl
from ml.seed import seed_examples
from moderation.policy import PolicySettings

REJECT_BAND = PolicySettings().spam_reject


def spam_report(data, drift, videos, bootstrap, with_full: bool) -> None:
    forum_drift = load_jsonl(data / "car-forum" / "drift-mechanicadvice.jsonl")
    print("SPAM (YouTube, leave one video out): accuracy / F1 / MCC of the decision, ROC-AUC of the score")
    print(f"  {'held-out video':<22}{'scorer':<34}{'acc':>7}{'F1':>7}{'MCC':>7}{'AUC':>7}")
    for held_out, test_rows in videos.items():
        train_rows = [e for name, rows in videos.items() if name != held_out for e in rows]
        truth = np.asarray([e.label == "spam" for e in test_rows])
        results = {
            "word tfidf+LR (baseline)": tfidf_lr(train_rows, test_rows),
            "char n-gram LR (baseline)": char_ngram_lr(train_rows, test_rows),
        }
        models = {"bootstrap": bootstrap}
        if with_full:
            models["full"] = ml.train_model(train_rows + drift + forum_drift + seed_examples())
        for name, model in models.items():
            scores = model.score([e.comment for e in test_rows])
            spam_score = np.asarray([s.spam_score for s in scores])
            results[f"{name} model: spam"] = (spam_score, np.asarray([s.spam for s in scores]))
            results[f"{name} model: flagged"] = (spam_score, np.asarray([s.flagged for s in scores]))
        for name, (score, decided) in results.items():
            print(
                f"  {held_out:<22}{name:<34}{accuracy_score(truth, decided):>7.3f}"
                f"{f1_score(truth, decided):>7.3f}"
                f"{matthews_corrcoef(truth, decided):>7.3f}{roc_auc_score(truth, score):>7.3f}"
            )
    print()
    forum = load_jsonl(data / "car-forum" / "threads.jsonl")
    models = {"bootstrap": bootstrap}
    if with_full:
        everything = drift + [e for rows in videos.values() for e in rows] + forum_drift + seed_examples()
        models["full (all shared data)"] = ml.train_model(everything)
    car_forum_report(forum, forum_drift, models)


def car_forum_report(forum, forum_drift, models: dict) -> None:
    trained_on = {normalised_text(e.comment.body) for e in forum_drift}
    unseen = np.asarray([normalised_text(e.comment.body) not in trained_on for e in forum])
    print(
        f"SPAM on real car-community comments (car-forum/threads.jsonl, {len(forum):,} comments, none spam): "
        f"share marked spam, share at or above the reject-outright band ({REJECT_BAND})"
    )
    header = f"  {'model':<26}{'marked spam':>13}{'reject band':>13}"
    print(f"{header}   on the {unseen.sum():,} not in its training")
    for name, model in models.items():
        scores = np.asarray([s.spam_score for s in model.score([e.comment for e in forum])])
        marked = scores >= model.thresholds["spam"]
        rejected = scores >= REJECT_BAND
        print(
            f"  {name:<26}{marked.mean():>12.2%} {rejected.mean():>12.2%}   "
            f"{marked[unseen].mean():.2%} / {rejected[unseen].mean():.2%}"
            f"   ({marked.sum()} / {rejected.sum()} comments; threshold {model.thresholds['spam']:.3f})"
        )
    print()


def tfidf_lr(train_rows, test_rows) -> tuple[np.ndarray, np.ndarray]:
    return _baseline(TfidfVectorizer(sublinear_tf=True), train_rows, test_rows)


def char_ngram_lr(train_rows, test_rows) -> tuple[np.ndarray, np.ndarray]:
    """Character 2-5-grams (within word boundaries) and a logistic regression: the plain yardstick."""
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    return _baseline(vectorizer, train_rows, test_rows)


def _baseline(vectorizer, train_rows, test_rows) -> tuple[np.ndarray, np.ndarray]:
    X = vectorizer.fit_transform([e.comment.body for e in train_rows])
    classifier = LogisticRegression(max_iter=2000).fit(X, [e.label == "spam" for e in train_rows])
    scores = classifier.predict_proba(vectorizer.transform([e.comment.body for e in test_rows]))[:, 1]
    return scores, scores >= 0.5
