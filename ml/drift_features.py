"""Pair features of a comment against its context: how much of the comment the context explains.

Input is a 2-D array of texts: the last column is the comment, every earlier column one context
document (the article first, then the parent comment). Each context is scored on its own and the
best context wins, so a reply that stays on its parent's subject is not drift.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted, validate_data

from ml.discussion import discussion_members
from ml.text import background_probabilities, content_hasher

CONTEXT_STATS = ("cosine", "shared_share", "weighted_share", "lm_gain", "neg_kl", "lsa_cosine")
COMMENT_STATS = (
    "log_comment_words",
    "log_primary_words",
    "log_explained_mass",
    "log_unexplained_mass",
)
MEMBER_STATS = (
    "member_max_cosine",
    "member_top3_cosine",
    "member_mean_cosine",
    "member_max_lsa",
    "log_members",
)
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

# (comment, member) cells laid out at once when a batch is scored against its discussions.
_PAIR_CELLS = 2**20


class ContextDriftFeatures(TransformerMixin, BaseEstimator):
    """Similarity of the comment (last column) to each context column, with background statistics.

    mu: Dirichlet smoothing mass of the context language model (Mishne et al. 2005 smooth the
    post's model with a background one; a larger mu trusts the background more).
    background_weight: share of wordfreq English in the background model; the rest is the
    word distribution of the documents seen in fit (the site's own articles and comments).
    """

    def __init__(
        self,
        mu: float = 200.0,
        background_weight: float = 0.8,
        n_components: int = 64,
        discussion_column: bool = False,
    ):
        self.mu = mu
        self.background_weight = background_weight
        self.n_components = n_components
        self.discussion_column = discussion_column

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
        svd = TruncatedSVD(n_components=size, random_state=0).fit(self._tfidf(counts)[:, columns])
        projection = sp.lil_matrix((counts.shape[1], size), dtype=np.float32)
        projection[columns] = svd.components_.T.astype(np.float32)
        self.lsa_projection_ = projection.tocsr()

    def transform(self, X):
        check_is_fitted(self, "word_weights_")
        X = validate_data(self, X, dtype=None, ensure_2d=True, reset=False)
        comment = self._document(content_hasher().transform([str(v) for v in X[:, -1]]))
        n_contexts = X.shape[1] - 1 - int(self._has_discussion(X))
        contexts = [self._context(X[:, j]) for j in range(n_contexts)]
        per_context = [self._context_stats(comment, context) for context in contexts]
        blocks = [
            self._primary(per_context, len(X)),
            self._best(per_context, len(X)),
            self._comment_stats(comment, contexts),
        ]
        if self._has_discussion(X):
            discussion = self._discussion(X[:, -2], X[:, -1], comment)
            blocks.append(self._discussion_stats(comment, discussion))
            blocks.append(self._member_stats(comment, discussion, X[:, -1]))
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

    def _discussion(self, column, comment_texts, comment: _Document) -> _Discussion:
        """Each distinct discussion split into its members; a member that is a comment of the batch
        reuses that comment's word counts, tf-idf and topics, so a batch is tokenised once, not twice."""
        unique, inverse = np.unique(np.asarray([str(v) for v in column], dtype=object), return_inverse=True)
        member_lists = [discussion_members(text) for text in unique]
        flat = [member for members in member_lists for member in members]
        offsets = np.cumsum([0] + [len(m) for m in member_lists])
        row_of = {str(text): i for i, text in enumerate(comment_texts)}
        source = np.asarray([row_of.get(text, -1) for text in flat], dtype=np.intp)
        is_comment = source >= 0
        missing = np.flatnonzero(~is_comment)
        counts, tfidf, lsa = comment.counts, comment.tfidf, comment.lsa
        if len(missing):
            extra = self._document(content_hasher().transform([flat[i] for i in missing]))
            counts = sp.vstack([counts, extra.counts]).tocsr()
            tfidf = sp.vstack([tfidf, extra.tfidf]).tocsr()
            lsa = np.vstack([lsa, extra.lsa])
        source[missing] = len(comment_texts) + np.arange(len(missing))
        counts, tfidf, lsa = counts[source], tfidf[source], lsa[source]
        owner = np.repeat(np.arange(len(unique)), np.diff(offsets))
        blocks = sp.csr_matrix((np.ones(len(flat)), (owner, np.arange(len(flat)))), (len(unique), len(flat)))
        # Which member is a comment "itself" is decided by text, as identical comments are one text.
        texts = np.asarray([str(v) for v in comment_texts], dtype=object)
        text_ids = np.unique(texts, return_inverse=True)[1]
        member_text = np.full(len(flat), -1)
        member_text[is_comment] = text_ids[source[is_comment]]
        return _Discussion(offsets, inverse, (blocks @ counts).tocsr(), tfidf, lsa, member_text, text_ids)

    def _discussion_stats(self, comment: _Document, discussion: _Discussion) -> np.ndarray:
        """The comment against the rest of its discussion: the discussion's words minus its own."""
        others = self._others(comment, discussion)
        stats, _ = self._context_stats(comment, others)
        present = others.present
        return np.column_stack([np.where(present[:, None], stats, 0.0), present.astype(np.float64)])

    def _others(self, comment: _Document, discussion: _Discussion) -> _Document:
        """The rest of each comment's discussion, worked out from the distinct discussions' totals.

        The context statistics read a context only at the comment's own words, apart from its length,
        norm and topics; those come from the discussion's total corrected on the comment's words, so the
        long rest of a discussion is never built once per comment. The sparse parts hold the comment's
        words only.
        """
        totals = discussion.totals.tocsr()
        totals.sort_indices()
        counts = comment.counts.tocsr()
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        total_at = _lookup(totals, discussion.inverse[rows], counts.indices)
        rest_at = np.maximum(total_at - counts.data, 0.0)
        total_scaled, rest_scaled = (
            self.word_weights_[counts.indices] * c * (np.log1p(c) / np.maximum(c, 1e-12))
            for c in (total_at, rest_at)
        )
        scaled = _scale_columns(totals, self.word_weights_)
        scaled.data *= np.log1p(totals.data) / np.maximum(totals.data, 1e-12)
        norm_squared = _row_sum(scaled.multiply(scaled))[discussion.inverse]
        norm_squared -= np.bincount(rows, total_scaled**2 - rest_scaled**2, minlength=len(norm_squared))
        norm = np.sqrt(np.maximum(norm_squared, 0.0))
        words = _row_sum(totals)[discussion.inverse] - np.bincount(
            rows, total_at - rest_at, minlength=len(norm_squared)
        )
        rest = _with_data(counts, rest_at)
        tfidf = _with_data(counts, rest_scaled / np.maximum(norm[rows], 1e-300))
        evidence = _with_data(counts, np.log1p(rest_at * self.inverse_mu_background_[counts.indices]))
        lsa = self._rest_topics(scaled, discussion.inverse, _with_data(counts, total_scaled - rest_scaled))
        return _Document(rest, rest.sign(), tfidf, lsa, words, evidence, words > 0)

    def _rest_topics(self, total_scaled, inverse, removed) -> np.ndarray:
        """Unit LSA vectors of the discussions without the comment (topics are linear in the weights)."""
        if self.lsa_projection_.shape[1] == 0:
            return np.zeros((len(inverse), 1))
        total = np.asarray((total_scaled @ self.lsa_projection_).todense(), dtype=np.float64)[inverse]
        rest = total - np.asarray((removed @ self.lsa_projection_).todense(), dtype=np.float64)
        # What is left after removing every topical word is rounding, not topics: no direction.
        rest[np.linalg.norm(rest, axis=1) <= 1e-9 * np.linalg.norm(total, axis=1)] = 0.0
        return normalize(rest)

    def _member_stats(self, comment: _Document, discussion: _Discussion, comment_texts) -> np.ndarray:
        """The comment against each other comment of its discussion, one by one.

        A reply usually has a neighbour that speaks of the same thing; a comment from elsewhere has
        none, however much the pooled discussion happens to share with it. All (comment, member) pairs
        of the batch are scored at once, then laid out one row per comment, padded to the widest
        discussion (padding is masked out like the comment itself).
        """
        stats = np.zeros((len(comment_texts), len(MEMBER_STATS)))
        sizes = np.diff(discussion.offsets)[discussion.inverse]
        width = int(sizes.max(initial=0))
        if width == 0:
            return stats
        chunk = max(1, _PAIR_CELLS // width)
        for start in range(0, len(sizes), chunk):
            rows = np.arange(start, min(start + chunk, len(sizes)))
            stats[rows] = self._member_chunk(comment, discussion, rows, sizes[rows], width)
        return stats

    def _member_chunk(self, comment, discussion, rows, sizes, width) -> np.ndarray:
        pair_row = np.repeat(np.arange(len(rows)), sizes)
        within = np.arange(len(pair_row)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        member = np.repeat(discussion.offsets[discussion.inverse[rows]], sizes) + within
        comment_row = rows[pair_row]
        products = comment.tfidf[rows] @ discussion.tfidf.T
        cosine = np.zeros((len(rows), width))
        cosine[pair_row, within] = np.asarray(products[pair_row, member]).ravel()
        lsa = np.full((len(rows), width), -1.0)
        lsa[pair_row, within] = np.einsum("ij,ij->i", comment.lsa[comment_row], discussion.lsa[member])
        others = np.zeros((len(rows), width), dtype=bool)
        others[pair_row, within] = True
        # One copy of the comment's own text is the comment itself: the first such member.
        itself = np.flatnonzero(discussion.member_text[member] == discussion.text_ids[comment_row])
        first = itself[np.unique(pair_row[itself], return_index=True)[1]]
        others[pair_row[first], within[first]] = False
        return _member_summary(cosine, lsa, others)

    def _context(self, column) -> _Document:
        """Each distinct context is processed once per batch (many comments share one article)."""
        unique, inverse = np.unique(np.asarray([str(v) for v in column], dtype=object), return_inverse=True)
        document = self._document(content_hasher().transform(list(unique)), with_evidence=True)
        expanded = [part[inverse] for part in document[:-1]]
        return _Document(*expanded, present=np.asarray([bool(text) for text in unique])[inverse])

    def _document(self, counts: sp.csr_matrix, with_evidence: bool = False) -> _Document:
        counts = counts.tocsr()
        binary = counts.sign()
        tfidf = self._tfidf(counts)
        lsa = _lsa_projection(tfidf, self.lsa_projection_)
        evidence = None
        if with_evidence:
            evidence = _scale_columns(counts, self.inverse_mu_background_)
            evidence.data = np.log1p(evidence.data)
        return _Document(counts, binary, tfidf, lsa, _row_sum(counts), evidence)

    def _tfidf(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        scaled = _scale_columns(counts, self.word_weights_)
        scaled.data *= np.log1p(counts.data) / np.maximum(counts.data, 1e-12)
        return normalize(scaled, copy=False)

    def _context_stats(self, comment: _Document, context: _Document) -> tuple[np.ndarray, np.ndarray]:
        """One row of CONTEXT_STATS per comment against one context column."""
        shared = comment.binary.multiply(context.binary).tocsr()
        share = _row_sum(shared) / np.maximum(_row_sum(comment.binary), 1)
        weighted_share = (shared @ self.word_weights_) / np.maximum(comment.binary @ self.word_weights_, 1e-9)
        cosine = _row_sum(comment.tfidf.multiply(context.tfidf))
        lsa_cosine = (comment.lsa * context.lsa).sum(axis=1)
        lm_gain, neg_kl = self._language_model(comment, context)
        return np.column_stack([cosine, share, weighted_share, lm_gain, neg_kl, lsa_cosine]), context.present

    def _language_model(self, comment: _Document, context: _Document) -> tuple[np.ndarray, np.ndarray]:
        """Mean log p(w|context smoothed)/p_bg(w) over comment words, and -KL(comment || context)."""
        length_term = np.log(self.mu / (context.words + self.mu))
        safe_words = np.maximum(comment.words, 1)
        lm_gain = _row_sum(comment.counts.multiply(context.evidence)) / safe_words + length_term
        lm_gain[comment.words == 0] = 0.0
        kl = self._self_information(comment) - lm_gain
        return lm_gain, -kl

    def _self_information(self, comment: _Document) -> np.ndarray:
        """sum p_c log p_c - sum p_c log p_bg: the KL of the comment against the background alone."""
        probabilities = comment.counts.copy()
        rows = np.repeat(np.arange(probabilities.shape[0]), np.diff(probabilities.indptr))
        probabilities.data /= np.maximum(comment.words, 1)[rows]
        entropy = probabilities.copy()
        entropy.data *= np.log(entropy.data)
        return _row_sum(entropy) - probabilities @ self.log_background_

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

    def _comment_stats(self, comment: _Document, contexts: list[_Document]) -> np.ndarray:
        """Length, and how much topical weight the contexts explain and leave unexplained.

        Closeness to the site's articles as a whole was measured and dropped: it cannot tell same-domain
        drift, and its scale follows whatever articles the model was fitted on (seed -> drift-train
        ROC-AUC 0.870 with it, 0.885 without)."""
        seen = sum(
            (comment.binary.multiply(c.binary) for c in contexts), sp.csr_matrix(comment.binary.shape)
        ).sign()
        explained_mass = seen @ self.word_weights_
        unexplained_mass = comment.binary @ self.word_weights_ - explained_mass
        primary_words = _row_sum(contexts[0].binary) if contexts else np.zeros(len(comment.words))
        return np.column_stack(
            [
                np.log1p(_row_sum(comment.binary)),
                np.log1p(primary_words),
                np.log1p(explained_mass),
                np.log1p(np.maximum(unexplained_mass, 0)),
            ]
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags


class _Document(NamedTuple):
    """One column of texts in the forms the statistics need; contexts also carry their LM evidence."""

    counts: sp.csr_matrix
    binary: sp.csr_matrix
    tfidf: sp.csr_matrix
    lsa: np.ndarray
    words: np.ndarray
    evidence: sp.csr_matrix | None = None
    present: np.ndarray | None = None


class _Discussion(NamedTuple):
    """The distinct discussions of a batch: their members (one row each, discussions one after another)
    and word totals per discussion."""

    offsets: np.ndarray  # discussion u's members are rows offsets[u]:offsets[u + 1]
    inverse: np.ndarray  # the distinct discussion of each comment
    totals: sp.csr_matrix  # one row per distinct discussion
    tfidf: sp.csr_matrix  # one row per member
    lsa: np.ndarray  # one row per member
    member_text: np.ndarray  # id of the batch comment text a member equals, -1 for none
    text_ids: np.ndarray  # id of each comment's text, shared by identical texts


def _member_summary(cosine: np.ndarray, lsa: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Max, top-3 mean and mean cosine to the other members, max LSA cosine, log member count."""
    count = others.sum(axis=1)
    ranked = -np.sort(-np.where(others, cosine, 0.0), axis=1)
    top3 = ranked[:, :3].sum(axis=1) / np.maximum(np.minimum(count, 3), 1)
    mean = np.where(others, cosine, 0.0).sum(axis=1) / np.maximum(count, 1)
    best_lsa = np.where(others, lsa, -1.0).max(axis=1)
    summary = np.column_stack([ranked[:, 0], top3, mean, best_lsa, np.log1p(count)])
    summary[count == 0] = 0.0
    return summary


def _scale_columns(matrix: sp.csr_matrix, weights: np.ndarray) -> sp.csr_matrix:
    """matrix @ diag(weights) without building a 2**18 diagonal."""
    scaled = matrix.tocsr(copy=True).astype(np.float64)
    scaled.data *= weights[scaled.indices]
    return scaled


def _lsa_projection(tfidf: sp.csr_matrix, projection: sp.csr_matrix) -> np.ndarray:
    if projection.shape[1] == 0:
        return np.zeros((tfidf.shape[0], 1))
    return normalize(np.asarray((tfidf @ projection).todense(), dtype=np.float64))


def _lookup(matrix: sp.csr_matrix, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """matrix[rows[k], columns[k]] for each k (matrix with sorted indices), without densifying."""
    keys = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr)) * matrix.shape[1]
    keys += matrix.indices
    wanted = rows.astype(np.int64) * matrix.shape[1] + columns
    position = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
    if not len(keys):
        return np.zeros(len(wanted))
    return np.where(keys[position] == wanted, matrix.data[position], 0.0)


def _with_data(matrix: sp.csr_matrix, data: np.ndarray) -> sp.csr_matrix:
    """A matrix with matrix's sparsity pattern and the given values."""
    return sp.csr_matrix((data, matrix.indices, matrix.indptr), shape=matrix.shape)


def _row_sum(matrix) -> np.ndarray:
    return np.asarray(matrix.sum(axis=1), dtype=np.float64).ravel()
