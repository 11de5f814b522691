"""Compatibility with a client nobody here wrote: @cedx/akismet 16.x from npm, against a live server.

scripts/test installs it (`npm ci` in tests/npm); CI fails when it cannot, a developer's run skips.
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from blog.models import Article, Comment
from moderation.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)
NPM_DIR = Path(__file__).resolve().parent.parent / "npm"
PERMALINK = "https://hothatch.example/2026/golf-gti-clubsport/"


@pytest.fixture
def node_client():
    installed = (NPM_DIR / "node_modules" / "@cedx" / "akismet").is_dir()
    if shutil.which("node") is None or not installed:
        message = "@cedx/akismet is not installed: run `npm ci --prefix tests/npm` (scripts/test does)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return NPM_DIR / "akismet_client.mjs"


def test_cedx_akismet_drives_all_four_endpoints(live_server, key, site, node_client, tagged_model):
    Article.objects.create(
        site=site, url=PERMALINK, slug="golf-gti", title="The Golf GTI Clubsport tested",
        standfirst="", body="We drove the Golf GTI Clubsport on track and road.", byline="",
    )
    base_url = f"{live_server.url}/akismet/"
    run = subprocess.run(
        ["node", str(node_client), key, "https://hothatch.example/", base_url, PERMALINK],
        capture_output=True, text=True, timeout=60, cwd=NPM_DIR,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["verifyKey"] is True
    assert result["wrongKeyVerifies"] is False
    assert (result["ham"], result["spam"], result["likelySpam"]) == (0, 2, 1)  # ham, pervasive, spam
    assert result["submitted"] is True
    assert "5,000" in result["oversized"]
    ham = Comment.objects.get(body__startswith="The Clubsport's diff")
    assert ham.status == Comment.Status.REJECTED  # submit-spam overruled the model
    assert AuditEntry.objects.filter(comment=ham, actor__isnull=False, reason="spam").exists()
    held = Comment.objects.get(body__startswith="Nice post")
    assert held.status == Comment.Status.PUBLISHED  # submit-ham released it
