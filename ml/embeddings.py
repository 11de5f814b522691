"""Sentence embeddings at scoring time: static word-piece vectors, pooled (numpy only, offline).

The default model ships inside the package (ml/static_minilm/, distilled from all-MiniLM-L6-v2 by
`python -m ml distill`); its files are checked against the SHA-256 pinned here before use, so a changed
file is refused. Another model in the same (model2vec) layout is used when PITLANE_EMBEDDINGS names
its directory and PITLANE_EMBEDDINGS_SHA256 the SHA-256 of its model.safetensors.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import numpy as np

from ml.hashing import verified_file
from ml.types import ModelError

DEFAULT_DIRECTORY = Path(__file__).resolve().parent / "static_minilm"
DEFAULT_SHA256 = "3ba3f5fe719166d68e2c16ec3b2d674cc222d7cb3d34c8f38112f58be6ce6155"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
# Word pieces read per text: the embedding is a mean, so a long article's opening already fixes its
# direction, and the tokenizer's cost grows with the text.
MAX_PIECES = 512
# Texts embedded once and kept, per process: the articles (and parents) that many comments share.
CACHE_SIZE = 4096


class StaticEmbeddings:
    """Unit-length mean of a text's word-piece vectors; an empty text gets the zero vector."""

    def __init__(self, directory: Path, sha256: str, tokenizer_sha256: str | None = TOKENIZER_SHA256):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        directory = Path(directory)
        weights = verified_file(directory / "model.safetensors", sha256)
        tokenizer_file = directory / "tokenizer.json"
        if tokenizer_sha256:
            verified_file(tokenizer_file, tokenizer_sha256)
        self.sha256 = sha256
        self.matrix = load_file(str(weights))["embeddings"].astype(np.float32)
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_PIECES)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    def dimensions(self) -> int:
        return int(self.matrix.shape[1])

    def encode(self, texts) -> np.ndarray:
        """One unit row per text; word pieces with no vector (special, unknown) are left out."""
        texts = [str(t) for t in texts]
        output = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        present = [i for i, t in enumerate(texts) if t.strip()]
        if not present:
            return output
        encodings = self.tokenizer.encode_batch([texts[i] for i in present], add_special_tokens=False)
        lengths = np.asarray([len(e.ids) for e in encodings])
        ids = np.fromiter((i for e in encodings for i in e.ids), dtype=np.int64, count=int(lengths.sum()))
        owner = np.repeat(np.arange(len(present)), lengths)
        sums = np.zeros((len(present), self.dimensions), dtype=np.float32)
        np.add.at(sums, owner, self.matrix[ids])
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        output[present] = sums / np.where(norms > 0, norms, 1.0)
        return output

    def encode_cached(self, texts) -> np.ndarray:
        """encode(texts), each distinct text embedded once per process (articles, parents)."""
        texts = [str(t) for t in texts]
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        for text, row in zip(missing, self.encode(missing), strict=True):
            self._cache[text] = row
        while len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        # A text pushed out again by a batch larger than the cache is embedded once more.
        rows = [self._cache.get(t) for t in texts]
        return np.vstack([self.encode([t])[0] if r is None else r for r, t in zip(rows, texts, strict=True)])


def configured_source() -> tuple[Path, str]:
    """The model directory and SHA-256 in use: the shipped model unless PITLANE_EMBEDDINGS says otherwise."""
    directory = os.environ.get("PITLANE_EMBEDDINGS", "").strip()
    if not directory:
        return DEFAULT_DIRECTORY, DEFAULT_SHA256
    sha256 = os.environ.get("PITLANE_EMBEDDINGS_SHA256", "").strip()
    if len(sha256) != 64:
        raise ModelError(
            "PITLANE_EMBEDDINGS needs PITLANE_EMBEDDINGS_SHA256 (64 hex digits of its model.safetensors)"
        )
    return Path(directory), sha256


def load_embeddings() -> StaticEmbeddings:
    """The configured embeddings, loaded and verified once per process."""
    directory, sha256 = configured_source()
    return _load(str(directory), sha256)


@lru_cache(maxsize=2)
def _load(directory: str, sha256: str) -> StaticEmbeddings:
    tokenizer_sha256 = TOKENIZER_SHA256 if Path(directory) == DEFAULT_DIRECTORY else None
    return StaticEmbeddings(Path(directory), sha256, tokenizer_sha256)
