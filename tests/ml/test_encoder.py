"""The numpy forward pass of all-MiniLM-L6-v2 that the drift head reads."""

import os

import numpy as np
import pytest

from ml.types import ModelError


@pytest.fixture(scope="module")
def encoder():
    from ml.encoder import MiniLMEncoder

    try:
        return MiniLMEncoder()
    except ModelError as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI installs the encoder (scripts/bootstrap.sh ensure_encoder): {error}")
        pytest.skip(str(error))


def test_a_batch_gives_each_sentence_what_it_gets_alone(encoder):
    texts = ["Squeal from the front left wheel", "A much longer sentence about replacing a serpentine belt"]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([text]) for text in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)


def test_padding_does_not_change_a_sentence(encoder):
    ids = encoder.tokenizer.encode("coolant leak near the water pump").ids
    padded_batch = encoder.forward_ids([ids, ids + ids[1:-1] * 3])
    np.testing.assert_allclose(padded_batch[0], encoder.forward_ids([ids])[0], atol=1e-5)


def test_paraphrases_are_closer_than_unrelated_sentences(encoder):
    vectors = encoder.encode(
        [
            "The engine will not start on cold mornings",
            "My car struggles to turn over when it is freezing outside",
            "The choir rehearses every Thursday evening",
        ]
    )
    assert vectors[0] @ vectors[1] > 0.4 > vectors[0] @ vectors[2]


def test_the_tanh_gelu_stays_within_cosine_0_9999_of_the_exact_one(encoder, monkeypatch):
    from scipy.special import erf

    from ml import encoder as module

    texts = ["The clutch slips in third gear when it is warm", "Great video, the exhaust sounds mint"]
    approximate = encoder.encode(texts)
    monkeypatch.setattr(module, "_gelu", lambda x: 0.5 * x * (1.0 + erf(x / np.sqrt(2.0))))
    exact = encoder.encode(texts)
    assert (approximate * exact).sum(axis=1).min() > 0.9999


def test_a_long_batch_split_across_forward_calls_gives_the_same_vectors(encoder, monkeypatch):
    from ml import encoder as module

    texts = [f"Comment number {i} about the timing chain rattle on a cold start" for i in range(12)]
    whole = encoder.encode(texts)
    monkeypatch.setattr(module, "PIECES_PER_CALL", 40)
    np.testing.assert_allclose(encoder.encode(texts), whole, atol=1e-5)
