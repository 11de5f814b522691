"""Real-browser journeys: Playwright for Python driving Debian's chromium against pytest-django's live server.

No browser is downloaded: the test command installs Debian's chromium (scripts/bootstrap.sh). Without it
these tests skip on a laptop and fail loudly in CI (CI=true).
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.celery_app import app as celery_app
from tests.moderation.broker import point_app_at

CHROMIUM = os.environ.get("PITLANE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="module")
def browser(django_db_setup, django_db_blocker):
    """One chromium per module. Playwright's sync API runs an event loop in this thread until the
    module ends; Django refuses ORM calls under a running loop unless told the code is synchronous."""
    if not Path(CHROMIUM).exists():
        message = f"chromium not found at {CHROMIUM}; scripts/bootstrap.sh installs it with apt-get"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server) -> Iterator:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture(autouse=True)
def quiet_broker():
    """New comments are queued in memory, so they stay pending ("awaiting review") and no shared
    Redis queue receives ids from this test database."""
    previous = point_app_at("memory://")
    yield celery_app
    point_app_at(previous)


@pytest.fixture
def shoot(request):
    """Save a full-page screenshot as var/screenshots/<test>-<n>-<step>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"\W+", "-", request.node.name).strip("-")
    taken = []

    def screenshot(page, step: str) -> Path:
        taken.append(step)
        path = SCREENSHOTS / f"{test_name}-{len(taken):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return screenshot
