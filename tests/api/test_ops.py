"""/healthz and /metrics."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from api import health, metrics
from api.models import Heartbeat
from scoring.models import ModelVersion
from tests.blog.builders import make_comment
from tests.integration.conftest import RedisServer


@pytest.fixture
def live_model(db, tagged_model):
    return ModelVersion.objects.create(version="tagged-1", status="ready", is_active=True)


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A real, private redis-server for the broker check."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server.url
    server.stop()


@pytest.fixture
def fresh_heartbeat(db):
    health.record_heartbeat()


def test_healthz_is_ok_with_everything_up(settings, live_model, fresh_heartbeat, redis_url):
    settings.CELERY_BROKER_URL = redis_url
    response = Client().get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["model"]["version"] == "tagged-1"


def test_healthz_is_degraded_when_redis_is_down(settings, live_model, fresh_heartbeat):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["broker"]["ok"] is False


def test_a_stale_heartbeat_degrades_health(settings, live_model, redis_url):
    settings.CELERY_BROKER_URL = redis_url
    Heartbeat.objects.create(name="worker", beat_at=timezone.now() - timezone.timedelta(minutes=10))
    body = Client().get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["checks"]["worker"]["error"] == "heartbeat is stale"


def test_no_live_model_degrades_health(settings, fresh_heartbeat, redis_url):
    settings.CELERY_BROKER_URL = redis_url
    body = Client().get("/healthz").json()
    assert (body["status"], body["checks"]["model"]["ok"]) == ("degraded", False)


def test_metrics_lists_the_series(live_model, key, article, alice):
    make_comment(article, alice, "Held", status="held")
    Client().post("/akismet/1.1/verify-key", {"api_key": key, "blog": "https://x.example/"})
    text = Client().get("/metrics").content.decode()
    for series in (
        'pitlane_comments{site="Pitlane",status="held"} 1.0', 'pitlane_queue_depth{status="held"} 1.0',
        "pitlane_queue_oldest_seconds", 'pitlane_live_model_info{version="tagged-1"} 1.0',
        'pitlane_api_calls_total{door="akismet",scope="check"}', "pitlane_scoring_seconds_bucket",
        "pitlane_webhook_deliveries",
    ):
        assert series in text, series


def test_metrics_in_production_need_a_token_or_an_allowed_address(settings, db):
    settings.PITLANE_PRODUCTION = True
    assert Client().get("/metrics").status_code == 403
    settings.PITLANE_METRICS_TOKEN = "s3cret-token"
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200
    settings.PITLANE_METRICS_ALLOW = ["10.0.0.0/8"]
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="203.0.113.5").get("/metrics").status_code == 403


ROOT = Path(__file__).resolve().parents[2]
COUNT_ONE_CALL = (
    "import django; django.setup(); from api.metrics import API_CALLS; "
    "API_CALLS.labels(door='akismet', scope='check').inc()"
)


def test_metrics_add_up_the_calls_counted_by_every_gunicorn_process(db, tmp_path, monkeypatch):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    for _ in range(2):  # two web processes, each counting one call
        subprocess.run([sys.executable, "-c", COUNT_ONE_CALL], env=env, check=True, cwd=ROOT)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    text = metrics.exposition().decode()
    assert 'pitlane_api_calls_total{door="akismet",scope="check"} 2.0' in text
