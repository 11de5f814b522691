"""The sentence encoder at scoring time: offline, verified by SHA-256, configurable, cached."""

import subprocess
import sys

import numpy as np
import pytest

from ml import embeddings
from ml.embeddings import load_embeddings
from ml.encoder import TEACHER_TOKENIZER_SHA256, TEACHER_WEIGHTS_SHA256, MiniLMEncoder, teacher_directory
from ml.hashing import file_sha256
from ml.semantic_features import CommentMeaning
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
    """The installed model's folder, linked file by file, so a test can replace one file of it."""
    copy = tmp_path / "encoder"
    copy.mkdir()
    for path in teacher_directory().iterdir():
        (copy / path.name).symlink_to(path)
    return copy


def replaced(path, content: bytes):
    path.unlink()
    path.write_bytes(content)
    return path


@pytest.fixture
def configured(monkeypatch):
    """Point PITLANE_EMBEDDINGS at a folder for one test, with the process's cache cleared."""

    def configure(directory, sha256):
        monkeypatch.setenv("PITLANE_EMBEDDINGS", str(directory))
        monkeypatch.setenv("PITLANE_EMBEDDINGS_SHA256", sha256)
        embeddings._load.cache_clear()

    yield configure
    embeddings._load.cache_clear()


def test_the_installed_encoder_loads_and_embeds_with_the_network_off():
    result = subprocess.run(
        [sys.executable, "-c", NO_NETWORK], capture_output=True, text=True, check=True,
        env={"PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "0"},
    )
    assert 0.0 < float(result.stdout) < 1.0


def test_a_changed_weights_file_is_refused(model_copy, configured):
    weights = model_copy / "model.safetensors"
    content = bytearray(weights.read_bytes())
    content[-4:] = b"\x00\x01\x02\x03"
    replaced(weights, bytes(content))
    configured(model_copy, TEACHER_WEIGHTS_SHA256)
    with pytest.raises(ModelIntegrityError, match="refusing a changed or foreign file"):
        load_embeddings()


def test_a_changed_tokenizer_is_refused(model_copy):
    replaced(model_copy / "tokenizer.json", b"{}")
    with pytest.raises(ModelIntegrityError):
        MiniLMEncoder(model_copy, TEACHER_WEIGHTS_SHA256, TEACHER_TOKENIZER_SHA256)


def test_another_model_is_used_when_configured_with_its_hash(model_copy, configured):
    from safetensors.numpy import load_file, save_file

    weights = model_copy / "model.safetensors"
    tensors = load_file(str(weights))
    name = next(n for n in tensors if n.endswith("embeddings.word_embeddings.weight"))
    tensors[name] = tensors[name][:, ::-1].copy()  # another model: its word pieces' vectors permuted
    weights.unlink()
    save_file(tensors, str(weights))
    configured(model_copy, file_sha256(weights))
    text = ["a loose heat shield rattles at idle"]
    other = load_embeddings().encode(text)
    installed = MiniLMEncoder().encode(text)
    assert load_embeddings().sha256 == file_sha256(weights)
    assert float(other[0] @ installed[0]) < 0.99


def test_a_configured_model_without_its_hash_is_refused(model_copy, configured):
    configured(model_copy, "")
    with pytest.raises(ModelError, match="PITLANE_EMBEDDINGS_SHA256"):
        load_embeddings()


def test_embeddings_are_unit_length_and_empty_text_is_zero():
    vectors = load_embeddings().encode(["Timing belt snapped at 90k miles", "", "   "])
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-5)
    assert not vectors[1:].any()


def test_a_text_is_encoded_once_per_process():
    encoder = load_embeddings()
    text = "The wiper motor only works on the fastest setting"
    first = encoder.encode([text])
    calls = []
    original = encoder._encode
    encoder._encode = lambda texts: calls.append(list(texts)) or original(texts)
    try:
        again = encoder.encode([text, text])
    finally:
        encoder._encode = original
    assert calls == [[]]
    np.testing.assert_array_equal(again, np.vstack([first, first]))


def test_a_paraphrase_is_closer_than_an_unrelated_sentence():
    vectors = load_embeddings().encode(
        [
            "My battery is flat every morning after the car sits overnight",
            "The battery dies overnight, probably a drain on the electrical system",
            "We baked three loaves of rye bread for the church fair",
        ]
    )
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_the_spam_heads_embedding_block_refuses_other_embeddings():
    X = np.asarray([["a car story", "", "", "check out my channel"]], dtype=object)
    meaning = CommentMeaning().fit(X)
    assert meaning.transform(X).shape == (1, load_embeddings().dimensions)
    meaning.embeddings_sha256_ = "0" * 64
    with pytest.raises(ModelError, match="retrain or set PITLANE_EMBEDDINGS back"):
        meaning.transform(X)


class DictStore:
    """A shared store as another process would see it: bytes by key."""

    def __init__(self):
        self.vectors: dict[str, bytes] = {}

    def get_many(self, keys):
        return {key: self.vectors[key] for key in keys if key in self.vectors}

    def set_many(self, vectors):
        self.vectors.update(vectors)


class EncoderThatMustNotRun:
    """The installed encoder's shape, for a process that should find every vector already shared."""

    dimensions = 384

    def encode(self, texts):
        raise AssertionError(f"encoded {texts!r} although another process had shared it")


@pytest.fixture
def shared_store():
    store = DictStore()
    embeddings.use_shared_store(store)
    yield store
    embeddings.use_shared_store(None)


def test_a_text_another_process_encoded_is_read_from_the_shared_store(shared_store):
    texts = ["The clutch slips in third under load", "Checked the slave cylinder for leaks"]
    first_process = embeddings.SentenceEmbeddings(MiniLMEncoder(), TEACHER_WEIGHTS_SHA256)
    second_process = embeddings.SentenceEmbeddings(EncoderThatMustNotRun(), TEACHER_WEIGHTS_SHA256)

    encoded = first_process.encode(texts)
    read = second_process.encode(texts)

    np.testing.assert_array_equal(read, encoded)
    assert len(shared_store.vectors) == 2


def test_a_stored_value_that_is_not_a_vector_of_ours_is_encoded_again_and_replaced(shared_store):
    text = "Rear main seal weeps after a cold start"
    process = embeddings.SentenceEmbeddings(MiniLMEncoder(), TEACHER_WEIGHTS_SHA256)
    key = process.shared_key(text)
    shared_store.vectors[key] = b"\x00" * 10

    vector = process.encode([text])

    assert np.linalg.norm(vector[0]) == pytest.approx(1.0, abs=1e-5)
    np.testing.assert_array_equal(np.frombuffer(shared_store.vectors[key], dtype=np.float32), vector[0])


def test_other_weights_never_read_vectors_shared_by_the_installed_ones(shared_store):
    text = "Idle hunts between 600 and 1100 rpm"
    embeddings.SentenceEmbeddings(MiniLMEncoder(), TEACHER_WEIGHTS_SHA256).encode([text])
    other_model = embeddings.SentenceEmbeddings(EncoderThatMustNotRun(), "f" * 64)

    with pytest.raises(AssertionError, match="encoded"):
        other_model.encode([text])
