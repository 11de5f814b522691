"""Pair features of a comment against its context: how much of the comment the context explains.

Input is a 2-D array of texts: the last column is the comment, every earlier column one context
document (the article first, then the parent comment). Each context is scored on its own and the
best context wins, so a reply that stays on its parent's subject is not drift.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.utils.validation import check_is_fitted, validate_data

from ml.discussion_stats import MEMBER_STATS, Discussion, member_stats, rest_of_discussions, split_discussions
from ml.documents import Document, lsa_projection, row_sum, scale_columns, unit_rows
from ml.text import background_probabilities, content_hasher

CONTEXT_STATS = ("cosine", "shared_share", "weighted_share", "lm_gain", "neg_kl", "lsa_cosine")
COMMENT_STATS = (
    "log_comment_words",
    "log_primary_words",
    "log_explained_mass",
    "log_unexplained_mass",
)
# Where log1p(the article's content words) sits in the output, for ml.length_bands.
ARTICLE_LENGTH_COLUMN = 2 * len(CONTEXT_STATS) + COMMENT_STATS.index("log_primary_words")
# Similarities scaled by the comment's length: agreement over thirty words is stronger evidence than over
# three, and a linear head cannot form that product itself. Only these few products, not all pairs:
# the full degree-2 expansion extrapolated badly from one corpus to another (see drift_head).
EVIDENCE_STATS = (
    "primary_cosine",
    "primary_lm_gain",
    "discussion_cosine",
    "discussion_lm_gain",
    "member_max_cosine",
)


class ContextDriftFeatures(TransformerMixin, BaseEstimator):
    """Similarity of the comment (last column) to each context column, with background statistics.

    Parameters
    ----------
    mu : float, default=200.0
        Dirichlet smoothing mass of the context language model (Mishne et al. 2005 smooth the
        post's model with a background one; a larger mu trusts the background more).
    background_weight : float, default=0.8
        Share of wordfreq English in the background model; the rest is the word distribution of
        the documents seen in fit (the site's own articles and comments).
    n_components : int, default=64
        Latent topics (truncated SVD of the fitted documents' tf-idf) for the topic cosines.
    discussion_column : bool, default=False
        Whether the column before the comment holds the discussion (other readers' comments).
    random_state : int, RandomState instance or None, default=0
        Seed of the truncated SVD's randomised solver, so a refit gives the same topics.

    Attributes
    ----------
    log_background_ : ndarray of shape (n_hashed_words,)
        Log-probabilities of the background word model.
    inverse_mu_background_ : ndarray of shape (n_hashed_words,)
        ``1 / (mu * background)``, the smoothing term of the context language models.
    word_weights_ : ndarray of shape (n_hashed_words,)
        Square root of wordfreq rarity times the site's idf: the weight of a word in the cosines.
    lsa_projection_ : sparse matrix of shape (n_hashed_words, n_topics)
        Hashed words to latent topics; no columns when the fitted documents were too few.
    n_features_in_ : int
        Number of text columns seen during fit.
    """

    def __init__(
        self,
        mu: float = 200.0,
        background_weight: float = 0.8,
        n_components: int = 64,
        discussion_column: bool = False,
        random_state=0,
    ):
        self.mu = mu
        self.background_weight = background_weight
        self.n_components = n_components
        self.discussion_column = discussion_column
        self.random_state = random_state

    def fit(self, X, y=None):
        X = validate_data(self, X, dtype=None, ensure_2d=True)
        texts = sorted({str(v) for v in X.ravel() if str(v)})
        counts = content_hasher().transform(texts)
        wordfreq_p = background_probabilities()
        site_totals = np.asarray(counts.sum(axis=0)).ravel()
        site_p = site_totals / max(site_totals.sum(), 1.0)
        background = self.background_weight * wordfreq_p + (1 - self.background_weight) * site_p
        self.log_background_ = np.log(background)
        self.inverse_mu_background_ = 1.0 / (self.mu * background)
        document_frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        site_idf = np.log((len(texts) + 1) / (document_frequency + 1)) + 1
        self.word_weights_ = np.sqrt(-np.log(wordfreq_p) * site_idf)
        self._fit_lsa(counts)
        return self

    def _fit_lsa(self, counts: sp.csr_matrix) -> None:
        """Latent topics of the fitted documents as a sparse projection from the hashed space."""
        columns = np.unique(counts.indices)
        size = min(self.n_components, len(columns) - 1, counts.shape[0] - 1)
        if size < 2:
            self.lsa_projection_ = sp.csr_matrix((counts.shape[1], 0))
            return
        svd = TruncatedSVD(n_components=size, random_state=self.random_state)
        svd.fit(self._tfidf(counts)[:, columns])
        projection = sp.lil_matrix((counts.shape[1], size), dtype=np.float32)
        projection[columns] = svd.components_.T.astype(np.float32)
        self.lsa_projection_ = projection.tocsr()

    def transform(self, X):
        check_is_fitted(self, "word_weights_")
        X = validate_data(self, X, dtype=None, ensure_2d=True, reset=False)
        comment = self.document(content_hasher().transform([str(v) for v in X[:, -1]]))
        n_contexts = X.shape[1] - 1 - int(self._has_discussion(X))
        contexts = [self._context(X[:, j]) for j in range(n_contexts)]
        per_context = [self._context_stats(comment, context) for context in contexts]
        blocks = [
            self._primary(per_context, len(X)),
            self._best(per_context, len(X)),
            self._comment_stats(comment, contexts),
        ]
        if self._has_discussion(X):
            discussion = split_discussions(self, X[:, -2], X[:, -1], comment)
            blocks.append(self._discussion_stats(comment, discussion))
            blocks.append(
                member_stats(comment, discussion, X[:, -1], contexts[0].tfidf if contexts else None)
            )
        features = np.hstack(blocks)
        return np.hstack([features, self._evidence(features)])

    def _evidence(self, features: np.ndarray) -> np.ndarray:
        names = list(self._base_names())
        length = features[:, [names.index("log_comment_words")]]
        return features[:, [names.index(n) for n in EVIDENCE_STATS if n in names]] * length

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        check_is_fitted(self, "word_weights_")
        names = self._base_names()
        names += [f"{n}_x_length" for n in EVIDENCE_STATS if n in names]
        return np.asarray(names, dtype=object)

    def _base_names(self) -> list[str]:
        names = [f"primary_{s}" for s in CONTEXT_STATS] + [f"best_{s}" for s in CONTEXT_STATS]
        names += list(COMMENT_STATS)
        if self.discussion_column and self.n_features_in_ >= 2:
            names += [f"discussion_{s}" for s in CONTEXT_STATS] + ["has_discussion", *MEMBER_STATS]
        return names

    def _has_discussion(self, X) -> bool:
        return bool(self.discussion_column) and X.shape[1] >= 2

    def _discussion_stats(self, comment: Document, discussion: Discussion) -> np.ndarray:
        """The comment against the rest of its discussion: the discussion's words minus its own."""
        others = rest_of_discussions(self, comment, discussion)
        stats, _ = self._context_stats(comment, others)
        present = others.present
        return np.column_stack([np.where(present[:, None], stats, 0.0), present.astype(np.float64)])

    def _context(self, column) -> Document:
        """Each distinct context is processed once per batch (many comments share one article)."""
        unique, inverse = np.unique(np.asarray([str(v) for v in column], dtype=object), return_inverse=True)
        document = self.document(content_hasher().transform(list(unique)), with_evidence=True)
        expanded = [part[inverse] for part in document[:-1]]
        return Document(*expanded, present=np.asarray([bool(text) for text in unique])[inverse])

    def document(self, counts: sp.csr_matrix, with_evidence: bool = False) -> Document:
        counts = counts.tocsr()
        binary = counts.sign()
        tfidf = self._tfidf(counts)
        lsa = lsa_projection(tfidf, self.lsa_projection_)
        evidence = None
        if with_evidence:
            evidence = scale_columns(counts, self.inverse_mu_background_)
            evidence.data = np.log1p(evidence.data)
        return Document(counts, binary, tfidf, lsa, row_sum(counts), evidence)

    def _tfidf(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        scaled = scale_columns(counts, self.word_weights_)
        scaled.data *= np.log1p(counts.data) / np.maximum(counts.data, 1e-12)
        return unit_rows(scaled)

    def _context_stats(self, comment: Document, context: Document) -> tuple[np.ndarray, np.ndarray]:
        """One row of CONTEXT_STATS per comment against one context column."""
        shared = comment.binary.multiply(context.binary).tocsr()
        share = row_sum(shared) / np.maximum(row_sum(comment.binary), 1)
        weighted_share = (shared @ self.word_weights_) / np.maximum(comment.binary @ self.word_weights_, 1e-9)
        cosine = row_sum(comment.tfidf.multiply(context.tfidf))
        lsa_cosine = (comment.lsa * context.lsa).sum(axis=1)
        lm_gain, neg_kl = self._language_model(comment, context)
        return np.column_stack([cosine, share, weighted_share, lm_gain, neg_kl, lsa_cosine]), context.present

    def _language_model(self, comment: Document, context: Document) -> tuple[np.ndarray, np.ndarray]:
        """Mean log p(w|context smoothed)/p_bg(w) over comment words, and -KL(comment || context)."""
        length_term = np.log(self.mu / (context.words + self.mu))
        safe_words = np.maximum(comment.words, 1)
        lm_gain = row_sum(comment.counts.multiply(context.evidence)) / safe_words + length_term
        lm_gain[comment.words == 0] = 0.0
        kl = self._self_information(comment) - lm_gain
        return lm_gain, -kl

    def _self_information(self, comment: Document) -> np.ndarray:
        """sum p_c log p_c - sum p_c log p_bg: the KL of the comment against the background alone."""
        probabilities = comment.counts.copy()
        rows = np.repeat(np.arange(probabilities.shape[0]), np.diff(probabilities.indptr))
        probabilities.data /= np.maximum(comment.words, 1)[rows]
        entropy = probabilities.copy()
        entropy.data *= np.log(entropy.data)
        return row_sum(entropy) - probabilities @ self.log_background_

    def _primary(self, per_context, n_rows: int) -> np.ndarray:
        if not per_context:
            return np.zeros((n_rows, len(CONTEXT_STATS)))
        stats, present = per_context[0]
        return np.where(present[:, None], stats, 0.0)

    def _best(self, per_context, n_rows: int) -> np.ndarray:
        if not per_context:
            return np.zeros((n_rows, len(CONTEXT_STATS)))
        stacked = np.stack([np.where(p[:, None], s, -np.inf) for s, p in per_context])
        best = stacked.max(axis=0)
        return np.where(np.isfinite(best), best, 0.0)

    def _comment_stats(self, comment: Document, contexts: list[Document]) -> np.ndarray:
        """Length, and how much topical weight the contexts explain and leave unexplained.

        Closeness to the site's articles as a whole was measured and dropped: it cannot tell same-domain
        drift, and its scale follows whatever articles the model was fitted on (seed -> drift-train
        ROC-AUC 0.870 with it, 0.885 without)."""
        seen = sum(
            (comment.binary.multiply(c.binary) for c in contexts), sp.csr_matrix(comment.binary.shape)
        ).sign()
        explained_mass = seen @ self.word_weights_
        unexplained_mass = comment.binary @ self.word_weights_ - explained_mass
        primary_words = row_sum(contexts[0].binary) if contexts else np.zeros(len(comment.words))
        return np.column_stack(
            [
                np.log1p(row_sum(comment.binary)),
                np.log1p(primary_words),
                np.log1p(explained_mass),
                np.log1p(np.maximum(unexplained_mass, 0)),
            ]
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags
