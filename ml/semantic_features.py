"""Meaning-level closeness of a comment to its article, its reply chain and its discussion.

Input is the heads' 2-D array of texts (ml.pipelines.as_array): article, chain (parent, grandparent,
other comments of the sub-thread; ml.discussion.chain_text), discussion, comment. Texts are embedded
with ml.embeddings (all-MiniLM-L6-v2), each distinct text once per process. Words need not be
shared: "Did exactly that with a bungee in an NA" under "the Miata is always the answer" is close in
meaning, not in words.

Members of the discussion that are near-copies of the comment (cosine >= NEAR_COPY) are no evidence
for it: the comment itself is one, and so is the same text posted again by other accounts, which must
not make each other on topic.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from ml.discussion import chain_parts, discussion_members
from ml.embeddings import load_embeddings
from ml.text import content_words
from ml.types import ModelError

NEAR_COPY = 0.95
# The chain enters as the best context and its gain over the article, never as raw cosines to a parent
# that most comments lack: a raw "parent cosine" of 0 for every top-level comment let the head learn
# "has a parent" rather than "is close to its parent" (bootstrap: a reply scored more drift with its
# parent than without).
SEMANTIC_STATS = (
    "sem_article",
    "sem_best_context",
    "sem_chain_gain",
    "sem_chain_support",
    "sem_discussion",
    "sem_member_max",
    "sem_member_top3",
    "sem_member_article_mean",
    "sem_article_gap",
    "sem_article_rank",
    "sem_two_hop",
)
# The lengths the head reads the similarities with (ml.length_bands gates on the article's).
LENGTH_STATS = ("log_comment_words", "log_article_words")
FEATURE_NAMES = SEMANTIC_STATS + LENGTH_STATS
ARTICLE_LENGTH_COLUMN = FEATURE_NAMES.index("log_article_words")


class _ReadsEmbeddings(TransformerMixin, BaseEstimator):
    """A transformer of text columns that reads the sentence encoder: fit records which encoder, and
    transform refuses another one."""

    def fit(self, X, y=None):
        validate_data(self, X, dtype=None, ensure_2d=True)
        self.embeddings_sha256_ = load_embeddings().sha256
        return self

    def _texts_and_embeddings(self, X):
        check_is_fitted(self, "embeddings_sha256_")
        X = validate_data(self, X, dtype=None, ensure_2d=True, reset=False)
        return X, embeddings_fitted_with(self.embeddings_sha256_)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags


class SemanticDriftFeatures(_ReadsEmbeddings):
    """Cosines of the comment's embedding to each context's, and the comment's and article's lengths.

    No learned state beyond the embeddings in use: fit records which ones, and scoring with another
    model is refused, since the classifier's weights mean nothing in another embedding space.

    Attributes
    ----------
    embeddings_sha256_ : str
        SHA-256 of the sentence encoder's weights the features were fitted with.
    n_features_in_ : int
        Number of text columns seen in fit (article, chain, discussion, comment).
    """

    def transform(self, X):
        X, embeddings = self._texts_and_embeddings(X)
        texts = _Texts(embeddings, X)
        comment = texts.rows(X[:, -1])
        article = texts.rows(X[:, 0]) if X.shape[1] > 1 else np.zeros_like(comment)
        stats = np.zeros((len(X), len(FEATURE_NAMES)))
        stats[:, 0] = np.einsum("ij,ij->i", comment, article)
        chain, chain_article = np.full(len(X), -1.0), np.zeros(len(X))
        if X.shape[1] >= 3:
            chain, chain_article = _chain_best(texts, X[:, 1], comment, article)
        stats[:, 1] = np.maximum(stats[:, 0], chain)
        stats[:, 2] = stats[:, 1] - stats[:, 0]
        # A reply close to its chain is on topic when the chain is: the same closeness to a chain that
        # left the article (a sub-thread about football) is no evidence for it.
        stats[:, 3] = stats[:, 2] * np.maximum(chain_article, 0.0)
        if X.shape[1] >= 4:
            discussion = _discussion_stats(texts, X[:, -2], comment, article, stats[:, 0])
            stats[:, 4 : len(SEMANTIC_STATS)] = discussion
        stats[:, -2] = [_log_words(str(t)) for t in X[:, -1]]
        stats[:, -1] = [_log_words(str(t)) for t in X[:, 0]] if X.shape[1] > 1 else 0.0
        return stats

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        return np.asarray(FEATURE_NAMES, dtype=object)


class CommentMeaning(_ReadsEmbeddings):
    """The comment's sentence embedding itself, for the spam head: what a pitch is about ("my channel",
    "free followers") in words the word lists and n-grams have never seen.

    Parameters
    ----------
    weight : float, default=1.0
        Scale of the unit-length embedding beside the heads' other unit-length blocks (TF-IDF rows).

    Attributes
    ----------
    embeddings_sha256_ : str
        SHA-256 of the sentence encoder's weights the classifier learned these dimensions from.
    n_features_in_ : int
        Number of text columns seen in fit; the last one is the comment.
    """

    def __init__(self, weight: float = 1.0):
        self.weight = weight

    def transform(self, X):
        X, embeddings = self._texts_and_embeddings(X)
        vectors = embeddings.encode(X[:, -1])
        return vectors.astype(np.float64) * self.weight


def embeddings_fitted_with(sha256: str):
    """The configured embeddings, refused unless they are the ones a head was fitted with: its weights
    mean nothing in another embedding space."""
    embeddings = load_embeddings()
    if embeddings.sha256 != sha256:
        raise ModelError(
            f"the model was fitted with embeddings {sha256[:12]}, not the configured "
            f"{embeddings.sha256[:12]}: retrain or set PITLANE_EMBEDDINGS back"
        )
    return embeddings


class _Texts:
    """Every distinct text of a batch embedded once (and kept by ml.embeddings for the process)."""

    def __init__(self, embeddings, X: np.ndarray):
        pieces = {str(v) for v in X[:, -1]}
        if X.shape[1] > 1:
            pieces.update(str(v) for v in X[:, 0])
        if X.shape[1] >= 3:
            for value in X[:, 1:-1].ravel():
                pieces.update(discussion_members(str(value)))
        pieces.discard("")
        ordered = sorted(pieces)
        self.index = {text: i for i, text in enumerate(ordered)}
        empty = np.zeros((1, embeddings.dimensions), np.float32)
        self.matrix = np.vstack([embeddings.encode(ordered), empty])

    def rows(self, texts) -> np.ndarray:
        empty = len(self.matrix) - 1
        return self.matrix[[self.index.get(str(t), empty) for t in texts]]


@lru_cache(maxsize=4096)
def _log_words(text: str) -> float:
    """log1p(distinct content words): how much a text says, read the same way for comment and article."""
    return float(np.log1p(len(set(content_words(text)))))


def _mean_direction(rows: np.ndarray) -> np.ndarray:
    if not len(rows):
        return np.zeros(rows.shape[1])
    total = rows.sum(axis=0)
    norm = np.linalg.norm(total)
    return total / norm if norm > 0 else total


def _chain_best(texts: _Texts, column, comment: np.ndarray, article: np.ndarray) -> tuple:
    """The best cosine to the parent, the grandparent or the rest of the sub-thread (-1 without a
    chain), and that context's own cosine to the article."""
    best, best_article = np.full(len(column), -1.0), np.zeros(len(column))
    for i, value in enumerate(column):
        parent, grandparent, subthread = chain_parts(str(value))
        contexts = [texts.rows([part])[0] for part in (parent, grandparent) if part]
        if subthread:
            contexts.append(_mean_direction(texts.rows(subthread)))
        if contexts:
            contexts = np.asarray(contexts)
            closest = int(np.argmax(contexts @ comment[i]))
            best[i] = float(contexts[closest] @ comment[i])
            best_article[i] = float(contexts[closest] @ article[i])
    return best, best_article


def _discussion_stats(texts: _Texts, column, comment, article, article_cosine) -> np.ndarray:
    """The comment against the other members of its discussion (near-copies left out)."""
    stats = np.zeros((len(column), len(SEMANTIC_STATS) - 4))  # the discussion's seven statistics
    for i, value in enumerate(column):
        members = texts.rows(discussion_members(str(value)))
        if not len(members):
            continue
        to_comment = members @ comment[i]
        others = members[to_comment < NEAR_COPY]
        if not len(others):
            continue
        to_comment = to_comment[to_comment < NEAR_COPY]
        to_article = others @ article[i]
        ranked = np.sort(to_comment)[::-1]
        stats[i] = (
            _mean_direction(others) @ comment[i],
            ranked[0],
            ranked[:3].mean(),
            to_article.mean(),
            article_cosine[i] - to_article.mean(),
            (to_article < article_cosine[i]).mean(),
            (to_comment * to_article).max(),
        )
    return stats
