"""The README's run command, as a newcomer without Redis uses it: web server, real worker, filesystem broker.

`scripts/run` starts on a private var directory and port with Redis pointed at a dead port, so it must
fall back to kombu's filesystem transport. A reader signs up over HTTP and posts; the worker's verdicts
are read from the script's own SQLite file.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import sqlite3
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.integration.conftest import REPO, free_port, wait_for

pytestmark = pytest.mark.integration

ARTICLE = "renault-autonation-alpine-us-talks"
ON_TOPIC = (
    "Selling Alpine through AutoNation makes sense: the dealer group already services premium brands, and "
    "an A110 buyer will want a workshop nearby rather than a pop-up showroom."
)
DRIFTING = (
    "When I was a kid my grandad built a slot car track in his loft with a lap counter made from an old "
    "clock. We raced every Sunday afternoon and I still have the little blue car somewhere in a shoebox."
)


class Browser:
    """A cookie-keeping HTTP client that sends Django's CSRF token with every form."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict[str, str], form_page: str) -> str:
        self.get(form_page)  # sets the CSRF cookie, as opening the form does
        token = next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
        request = urllib.request.Request(self.base + path, data=data, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """scripts/run on its own port and var directory, without Redis; stopped with its whole process group."""
    var_dir, port = tmp_path_factory.mktemp("run-var"), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL")}
    env |= {
        "PITLANE_VAR_DIR": str(var_dir),
        "PITLANE_PORT": str(port),
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        "PITLANE_MODEL_DIR": str(var_dir / "models"),
    }
    env.pop("PITLANE_SCORER", None)
    log = var_dir / "run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["bash", "scripts/run"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(lambda: _answers(port) or process.poll() is not None, timeout=300, every=0.5)
        assert process.poll() is None, log.read_text()
        yield {"base": f"http://127.0.0.1:{port}", "var": var_dir, "log": log}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _status(var_dir: Path, body: str) -> str | None:
    """The comment's status, with "+collapsed" when it is published folded."""
    with sqlite3.connect(var_dir / "pitlane.sqlite3", timeout=10) as db:
        row = db.execute("SELECT status, collapsed FROM blog_comment WHERE body = ?", (body,)).fetchone()
    return (row[0] + ("+collapsed" if row[1] else "")) if row else None


def _decided(var_dir: Path, body: str) -> str:
    return wait_for(lambda: (_status(var_dir, body) or "pending") != "pending" and _status(var_dir, body),
                    timeout=120, every=0.2)


def post_comment(reader: Browser, article: str, body: str) -> str:
    """Post as a reader does; when the live model warns "looks off-topic" first, post anyway."""
    page = reader.post(f"{article}comments/", {"body": body, "subject": ""}, form_page=article)
    if "This looks off-topic for this article." in page:
        fields = {"body": body, "subject": "", "post_anyway": "1"}
        page = reader.post(f"{article}comments/", fields, form_page=article)
    return page


def test_run_script_falls_back_to_the_filesystem_broker(site):
    output = site["log"].read_text()
    assert "No Redis at" in output and "filesystem queue" in output
    # kombu writes its exchange table once the worker declares its queues (after the model is ready).
    wait_for(lambda: (site["var"] / "broker" / "control").is_dir(), timeout=120, every=0.5)
    assert not (REPO / "control").exists(), "kombu wrote its control folder into the checkout"


def test_newcomer_sees_a_drifting_comment_folded_and_an_on_topic_one_published(site):
    reader = Browser(site["base"])
    reader.post("/accounts/signup/", {
        "username": "newcomer", "email": "newcomer@example.com",
        "password1": "a long demo passphrase 42", "password2": "a long demo passphrase 42",
    }, form_page="/accounts/signup/")
    article = f"/articles/{ARTICLE}/"
    page = post_comment(reader, article, DRIFTING)
    assert re.search(r"Awaiting review|Held for review", page), "the author sees their comment waiting"
    post_comment(reader, article, ON_TOPIC)

    started = time.monotonic()
    # Mild drift stays readable behind "Show off-topic comment"; drift alone holds only a comment the
    # model is confident a moderator would remove.
    assert _decided(site["var"], DRIFTING) == "published+collapsed"
    assert _decided(site["var"], ON_TOPIC) == "published"
    assert "Show off-topic comment" in reader.get(article), "readers can unfold the drifting comment"
    # Generous: the first comment may wait while the worker trains the bootstrap model.
    assert time.monotonic() - started < 120
