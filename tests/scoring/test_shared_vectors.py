"""Sentence vectors shared between processes through the site's Redis cache, and an outage of it."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import numpy as np
import pytest
from django.test import override_settings

from ml import embeddings
from ml.embeddings import load_embeddings
from ml.encoder import TEACHER_WEIGHTS_SHA256
from scoring.shared_vectors import SHARE_AT_MOST, CacheVectors, share_vectors_if_configured
from tests.ml.test_embeddings import EncoderThatMustNotRun

REPO = Path(__file__).resolve().parents[2]
PRINT_THE_SETTING = """
import django
django.setup()
from django.conf import settings
print(settings.PITLANE_SHARE_EMBEDDINGS)
"""
DEAD_REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0",
              "OPTIONS": {"socket_connect_timeout": 0.2}}
ENCODE_IN_ANOTHER_PROCESS = """
import sys, django
django.setup()
from ml.embeddings import load_embeddings
load_embeddings().encode([sys.argv[1]])
"""


def site_env(cache_url: str) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "CACHE_URL": cache_url}


def redis_cache(settings, database: int = 12) -> dict:
    url = settings.REDIS_URL.rsplit("/", 1)[0] + f"/{database}"
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


@pytest.fixture
def no_store_afterwards():
    yield
    embeddings.use_shared_store(None)


@pytest.mark.integration
def test_a_vector_encoded_by_another_process_is_read_through_redis(settings, no_store_afterwards):
    text = f"Coolant smells sweet inside the cabin {uuid.uuid4()}"
    cache = redis_cache(settings)
    subprocess.run([sys.executable, "-c", ENCODE_IN_ANOTHER_PROCESS, text], cwd=REPO, check=True,
                   env=site_env(cache["default"]["LOCATION"]))

    with override_settings(CACHES=cache):
        embeddings.use_shared_store(CacheVectors())
        this_process = embeddings.SentenceEmbeddings(EncoderThatMustNotRun(), TEACHER_WEIGHTS_SHA256)
        read = this_process.encode([text])

    np.testing.assert_array_equal(read, load_embeddings().encode([text]))


def test_a_cache_outage_leaves_encoding_working_and_the_cache_alone_for_a_while(no_store_afterwards):
    text = "Brake pedal sinks slowly at a red light"
    with override_settings(CACHES={"default": DEAD_REDIS}):
        store = CacheVectors()
        embeddings.use_shared_store(store)
        process = embeddings.SentenceEmbeddings(load_embeddings().encoder, TEACHER_WEIGHTS_SHA256)
        vector = process.encode([text])

    assert np.linalg.norm(vector[0]) == pytest.approx(1.0, abs=1e-5)
    assert store._resting()
    assert store.get_many(["anything"]) == {}


def test_vectors_are_shared_only_when_configured(settings, no_store_afterwards):
    settings.PITLANE_SHARE_EMBEDDINGS = True
    share_vectors_if_configured()
    assert isinstance(embeddings._shared_store, CacheVectors)

    settings.PITLANE_SHARE_EMBEDDINGS = False
    share_vectors_if_configured()
    assert embeddings._shared_store is None


@pytest.mark.parametrize(("cache_url", "shared"), [("locmem://", "False"), ("redis://127.0.0.1:1/3", "True")])
def test_vectors_are_shared_by_default_only_through_a_cache_every_process_sees(cache_url, shared):
    env = site_env(cache_url)
    env.pop("PITLANE_SHARE_EMBEDDINGS", None)
    result = subprocess.run([sys.executable, "-c", PRINT_THE_SETTING], cwd=REPO, env=env, check=True,
                            capture_output=True, text=True)
    assert result.stdout.strip() == shared


def test_a_bulk_jobs_vectors_are_not_shared(settings):
    memory = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bulk"}}
    with override_settings(CACHES=memory):
        store = CacheVectors()
        store.set_many({"emb:live": b"1"})
        store.set_many({f"emb:bulk{i}": b"1" for i in range(SHARE_AT_MOST + 1)})
        assert store.get_many(["emb:live", "emb:bulk0"]) == {"emb:live": b"1"}
