"""An admin retrains the scoring model in a real chromium: before any moderator decision the report says
there is not enough to judge and promotion is refused; after enough decisions it compares with the live
model in plain words and promotion goes through; then a roll-back. Every model page fits 375 px.

The browser talks to pytest-django's live server; a real Celery worker (on a private redis-server)
trains the candidate in the same test database, on a small world so it takes seconds.
"""
from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from moderation import services
from scoring import live_model
from scoring.models import ModelAuditEntry, ModelVersion
from tests.blog.builders import PASSWORD, make_article, make_reader
from tests.integration.conftest import RedisServer, Worker, _database_url, _require_redis
from tests.ml.builders import OFF_TOPIC, ON_TOPIC_BATTERY, SPAM
from tests.moderation.broker import point_app_at
from tests.moderation.builders import make_held, make_moderator
from tests.scoring.registry_builders import (
    live_while_a_worker_starts,
    make_model_manager,
    make_version,
    world_corpus,
)

pytestmark = pytest.mark.browser
TRAINING_TIMEOUT_MS = 180_000
# A broken or empty image is complete but 0 pixels wide; every plot must have decoded.
PLOTS_LOADED = ("() => [...document.querySelectorAll('.model-plots img')]"
                ".every(image => image.complete && image.naturalWidth > 0)")


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    _require_redis()
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def training_worker(redis_url, django_db_setup, django_db_blocker, tmp_path_factory, model_dir):
    """A worker that retrains from the registry's model directory: two folds, no seed corpus."""
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": redis_url,
           "PITLANE_MODEL_DIR": str(model_dir), "PITLANE_RETRAIN_FOLDS": "2",
           "PITLANE_RETRAIN_WITH_SEED": "false", "PITLANE_RETRAIN_HOLDOUT_PERCENT": "50",
           "DB_CONN_MAX_AGE": "0",
           "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    env.pop("PITLANE_SCORER", None)
    worker = Worker(env, tmp_path_factory.mktemp("admin-worker"))
    with live_while_a_worker_starts(django_db_blocker, model_dir):  # so it trains no seed model
        worker.start()
    yield worker
    worker.kill()


@pytest.fixture
def broker(quiet_broker, training_worker, redis_url):
    """The live server's retrain button must reach the real worker, not the quiet in-memory broker."""
    previous = point_app_at(redis_url)
    yield
    point_app_at(previous)


@pytest.fixture
def fresh_install(transactional_db, settings, model_dir):
    """A live model and an imported corpus, but not one moderator decision yet."""
    settings.PITLANE_MODEL_DIR = model_dir
    live_model.forget()
    article = make_article("solid-state", title="Solid-state batteries reach the prototype stage")
    live = make_version("narrow", model_dir / "live", live=True)
    world_corpus(model_dir)
    yield {"live": live, "article": article, "admin": make_model_manager("maud")}
    live_model.forget()


def decide_enough(article) -> None:
    """Moderators decide 20 comments of each kind; half the newest are held out: 10 of each kind."""
    alice, mona = make_reader("alice"), make_moderator("mona")
    for round_ in range(5):
        # Interleaved, so the newest decisions (held out for the report) include every label.
        for ham, off_topic, spam in zip(ON_TOPIC_BATTERY, OFF_TOPIC, SPAM, strict=True):
            services.approve(make_held(article, alice, f"{ham} ({round_})").pk, mona)
            services.reject(make_held(article, alice, f"{off_topic} ({round_})").pk, mona, "off_topic")
            services.reject(make_held(article, alice, f"{spam} ({round_})").pk, mona, "spam")


def live_row(page):
    return page.locator("tr.model-live")


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/?next=/moderation/models/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Scoring models")


def retrain(page, shoot, step: str) -> ModelVersion:
    before = set(ModelVersion.objects.values_list("pk", flat=True))
    page.get_by_role("button", name=re.compile("Retrain", re.I)).click()
    expect(page.locator(".model-progress")).to_contain_text("Training")
    shoot(page, f"{step}-training")
    # The page refreshes itself while training; the verdict shows once the report is there.
    expect(page.locator(".model-verdict")).to_be_visible(timeout=TRAINING_TIMEOUT_MS)
    candidate = ModelVersion.objects.exclude(pk__in=before).get()
    assert candidate.status == "ready", candidate.error
    shoot(page, f"{step}-report")
    return candidate


def fits_375(page, shoot, paths: list[str]) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    for path in paths:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
        shoot(page, re.sub(r"\W+", "-", path.strip("/")) + "-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_admin_meets_not_enough_decisions_then_promotes_after_enough_and_rolls_back(
    page, shoot, broker, fresh_install
):
    live = fresh_install["live"]
    log_in(page, "maud")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Models")).to_be_visible()
    expect(live_row(page)).to_contain_text(f"#{live.pk}")
    shoot(page, "models")

    early = retrain(page, shoot, "fresh")
    expect(page.locator(".model-verdict")).to_contain_text(
        "Not enough decisions to judge: 0 (needs at least 10 of each kind). Don't promote yet.")
    page.get_by_role("link", name="Promote anyway…").click()
    expect(page.get_by_label("Promote anyway, because")).to_be_visible()
    shoot(page, "confirm-without-enough")
    page.get_by_role("button", name=f"Promote model #{early.pk}").click()
    expect(page.locator(".messages")).to_contain_text("too few to tell")
    expect(live_row(page)).to_contain_text(f"#{live.pk}")
    shoot(page, "promotion-refused")

    decide_enough(fresh_install["article"])
    page.goto("/moderation/models/")
    candidate = retrain(page, shoot, "decided")
    expect(page.locator(".model-verdict")).to_contain_text("Compared with the live model, it catches")
    expect(page.locator("body")).to_contain_text("PR-AUC")
    plots = page.locator(".model-plots img")
    assert plots.count() == 6  # PR, histogram and calibration for spam and drift
    for index in range(plots.count()):
        plots.nth(index).scroll_into_view_if_needed()
    page.wait_for_function(PLOTS_LOADED)
    fits_375(page, shoot, ["/moderation/models/", candidate.get_absolute_url(),
                           f"/moderation/models/{candidate.pk}/thresholds/",
                           f"/moderation/models/{early.pk}/promote/",
                           "/moderation/models/shadow/", "/moderation/models/import/"])

    page.goto(candidate.get_absolute_url())
    page.get_by_role("link", name="Promote to live…").click()
    expect(page.locator("h1")).to_have_text(f"Promote model #{candidate.pk}?")
    expect(page.get_by_label("Promote anyway, because")).to_have_count(0)
    shoot(page, "confirm-promotion")
    page.get_by_role("button", name=f"Promote model #{candidate.pk}").click()
    expect(page.locator(".messages")).to_contain_text("Promoted")
    expect(live_row(page)).to_contain_text(f"#{candidate.pk}")
    shoot(page, "promoted")

    page.get_by_role("link", name=re.compile("Roll back", re.I)).click()
    fits_375(page, shoot, ["/moderation/models/rollback/"])
    page.goto("/moderation/models/rollback/")
    page.get_by_role("button", name=f"Roll back to model #{live.pk}").click()
    expect(page.locator(".messages")).to_contain_text("Rolled back")
    expect(live_row(page)).to_contain_text(f"#{live.pk}")
    shoot(page, "rolled-back")

    assert ModelVersion.objects.get(is_active=True).pk == live.pk
    actions = list(ModelAuditEntry.objects.filter(actor__username="maud").order_by("id")
                   .values_list("action", "model_id"))
    assert actions == [("retrain", early.pk), ("retrain", candidate.pk), ("promote", candidate.pk),
                       ("rollback", live.pk)]
