import shutil
import subprocess
import sys

import numpy as np
import pytest

from ml import embeddings
from ml.embeddings import DEFAULT_DIRECTORY, DEFAULT_SHA256, StaticEmbeddings, load_embeddings
from ml.types import ModelError, ModelIntegrityError

NO_NETWORK = """
import socket
def refuse(*args, **kwargs):
    raise OSError("network is off in this test")
socket.socket.connect = refuse
socket.create_connection = refuse
from ml.embeddings import load_embeddings
vectors = load_embeddings().encode(["The brakes squeal when cold", "Pads and rotors need bedding in"])
print(round(float(vectors[0] @ vectors[1]), 3))
"""


@pytest.fixture
def model_copy(tmp_path):
    copy = tmp_path / "embeddings"
    shutil.copytree(DEFAULT_DIRECTORY, copy)
    return copy


@pytest.fixture
def configured(monkeypatch):
    """Point PITLANE_EMBEDDINGS at a directory for one test, with the process's cache cleared."""

    def configure(directory, sha256):
        monkeypatch.setenv("PITLANE_EMBEDDINGS", str(directory))
        monkeypatch.setenv("PITLANE_EMBEDDINGS_SHA256", sha256)
        embeddings._load.cache_clear()

    yield configure
    embeddings._load.cache_clear()


def test_shipped_embeddings_load_and_embed_with_the_network_off():
    result = subprocess.run(
        [sys.executable, "-c", NO_NETWORK], capture_output=True, text=True, check=True,
        env={"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "0"},
    )
    assert 0.0 < float(result.stdout) < 1.0


def test_a_changed_embeddings_file_is_refused(model_copy, configured):
    with open(model_copy / "model.safetensors", "r+b") as handle:
        handle.seek(-4, 2)
        handle.write(b"\x00\x01\x02\x03")
    configured(model_copy, DEFAULT_SHA256)
    with pytest.raises(ModelIntegrityError, match="refusing a changed or foreign file"):
        load_embeddings()


def test_a_changed_tokenizer_is_refused(model_copy):
    (model_copy / "tokenizer.json").write_text("{}")
    with pytest.raises(ModelIntegrityError):
        StaticEmbeddings(model_copy, DEFAULT_SHA256)


def test_another_model_is_used_when_configured_with_its_hash(model_copy, configured):
    from ml.hashing import file_sha256

    matrix_file = model_copy / "model.safetensors"
    from safetensors.numpy import load_file, save_file

    matrix = load_file(str(matrix_file))["embeddings"]
    save_file({"embeddings": -matrix}, str(matrix_file))
    configured(model_copy, file_sha256(matrix_file))
    text = ["a loose heat shield rattles at idle"]
    other = load_embeddings().encode(text)
    shipped = StaticEmbeddings(DEFAULT_DIRECTORY, DEFAULT_SHA256).encode(text)
    np.testing.assert_allclose(other, -shipped, atol=1e-6)


def test_a_configured_model_without_its_hash_is_refused(model_copy, configured):
    configured(model_copy, "")
    with pytest.raises(ModelError, match="PITLANE_EMBEDDINGS_SHA256"):
        load_embeddings()


def test_embeddings_are_unit_length_and_empty_text_is_zero():
    vectors = load_embeddings().encode(["Timing belt snapped at 90k miles", "", "   "])
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-5)
    assert not vectors[1:].any()


def test_a_paraphrase_is_closer_than_an_unrelated_sentence():
    vectors = load_embeddings().encode(
        [
            "My battery is flat every morning after the car sits overnight",
            "The battery dies overnight, probably a drain on the electrical system",
            "We baked three loaves of rye bread for the church fair",
        ]
    )
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3
