"""A column of texts in the sparse forms the drift statistics read, and small sparse-matrix helpers."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import scipy.sparse as sp


class Document(NamedTuple):
    """One column of texts in the forms the statistics need; contexts also carry their LM evidence."""

    counts: sp.csr_matrix
    binary: sp.csr_matrix
    tfidf: sp.csr_matrix
    lsa: np.ndarray
    words: np.ndarray
    evidence: sp.csr_matrix | None = None
    present: np.ndarray | None = None


def scale_columns(matrix: sp.csr_matrix, weights: np.ndarray) -> sp.csr_matrix:
    """matrix @ diag(weights) without building a 2**18 diagonal."""
    scaled = matrix.tocsr(copy=True).astype(np.float64)
    scaled.data *= weights[scaled.indices]
    return scaled


def lsa_projection(tfidf: sp.csr_matrix, projection: sp.csr_matrix) -> np.ndarray:
    if projection.shape[1] == 0:
        return np.zeros((tfidf.shape[0], 1))
    return unit_rows(np.asarray((tfidf @ projection).todense(), dtype=np.float64))


def unit_rows(matrix):
    """Rows scaled to unit length, rows of zeros left as they are: sklearn's `normalize` without its
    per-call validation, which cost a comment scored on its own more than the arithmetic (profiled:
    a tenth of the single-comment path). A sparse matrix is scaled in place."""
    if sp.issparse(matrix):
        matrix = matrix.tocsr()
        rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
        norms = np.sqrt(np.bincount(rows, matrix.data * matrix.data, minlength=matrix.shape[0]))
        matrix.data /= np.where(norms > 0, norms, 1.0)[rows]
        return matrix
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def lookup(matrix: sp.csr_matrix, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """matrix[rows[k], columns[k]] for each k (matrix with sorted indices), without densifying."""
    keys = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr)) * matrix.shape[1]
    keys += matrix.indices
    wanted = rows.astype(np.int64) * matrix.shape[1] + columns
    position = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
    if not len(keys):
        return np.zeros(len(wanted))
    return np.where(keys[position] == wanted, matrix.data[position], 0.0)


def with_data(matrix: sp.csr_matrix, data: np.ndarray) -> sp.csr_matrix:
    """A matrix with matrix's sparsity pattern and the given values."""
    return sp.csr_matrix((data, matrix.indices, matrix.indptr), shape=matrix.shape)


def row_sum(matrix) -> np.ndarray:
    return np.asarray(matrix.sum(axis=1), dtype=np.float64).ravel()
