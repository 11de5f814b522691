"""Akismet's endpoints driven the way a blog's plugin does: raw form posts to a live server."""
import urllib.error
import urllib.parse
import urllib.request

import pytest

from blog.models import Article, Comment
from moderation.models import AuditEntry
from tests.api.builders import make_key

pytestmark = pytest.mark.django_db(transaction=True)
BLOG = "https://hothatch.example/"
PERMALINK = "https://hothatch.example/2026/golf-gti-clubsport/"


@pytest.fixture(autouse=True)
def tagged(tagged_model):
    """Comments say what they score ("[spam 0.99]"), so each test states the verdict it expects."""


@pytest.fixture
def registered(site):
    return Article.objects.create(
        site=site, url=PERMALINK, slug="golf-gti", title="The Golf GTI Clubsport tested",
        standfirst="", body="We drove the Golf GTI Clubsport on track and road.", byline="",
    )


def post(server, endpoint: str, **fields) -> tuple[int, str, dict]:
    data = urllib.parse.urlencode(fields).encode()
    request = urllib.request.Request(f"{server.url}/akismet/1.1/{endpoint}", data=data, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def check(server, key, content: str, **extra) -> tuple[int, str, dict]:
    fields = {
        "api_key": key, "blog": BLOG, "user_ip": "203.0.113.7", "user_agent": "Mozilla/5.0",
        "permalink": PERMALINK, "comment_type": "comment", "comment_author": "Sam",
        "comment_author_email": "sam@example.org", "comment_content": content, **extra,
    }
    return post(server, "comment-check", **fields)


def test_verify_key_says_valid_for_a_key_and_invalid_otherwise(live_server, key):
    assert post(live_server, "verify-key", api_key=key, blog=BLOG)[:2] == (200, "valid")
    status, body, headers = post(live_server, "verify-key", api_key="pl_0000_nope", blog=BLOG)
    assert (status, body) == (200, "invalid")
    assert "API key" in headers["X-akismet-debug-help"]


def test_verify_key_accepts_the_older_key_field(live_server, key):
    assert post(live_server, "verify-key", key=key, blog=BLOG)[:2] == (200, "valid")


def test_a_plain_comment_is_ham_and_recorded_as_published(live_server, key, registered):
    status, body, headers = check(live_server, key, "Brilliant on the back roads, a bit firm in town.")
    assert (status, body) == (200, "false")
    comment = Comment.objects.get(pk=headers["X-Pitlane-Comment-Id"])
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.article == registered
    assert AuditEntry.objects.filter(comment=comment, action=AuditEntry.Action.SCORED).exists()


def test_near_certain_spam_is_true_with_the_discard_tip(live_server, key):
    status, body, headers = check(live_server, key, "Cheap replica watches here [spam 0.99]")
    assert (status, body) == (200, "true")
    assert headers["X-akismet-pro-tip"] == "discard"
    assert headers["X-Pitlane-Status"] == "spam"


def test_likely_spam_is_true_without_the_discard_tip(live_server, key):
    status, body, headers = check(live_server, key, "Great post, visit my site [spam 0.7]")
    assert (status, body) == (200, "true")
    assert "X-akismet-pro-tip" not in headers
    assert headers["X-Pitlane-Status"] == "held"
    assert "spam" in headers["X-Pitlane-Reasons"]


def test_drift_counts_when_the_article_is_registered(live_server, key, registered):
    status, body, headers = check(live_server, key, "My cat prefers tuna [drift 0.9]")
    assert (status, body) == (200, "true")
    assert headers["X-Pitlane-Reasons"] == "off_topic"


def test_unregistered_articles_are_scored_for_spam_only(live_server, key):
    status, body, headers = check(
        live_server, key, "My cat prefers tuna [drift 0.9]", permalink="https://hothatch.example/unknown/"
    )
    assert (status, body) == (200, "false")
    assert Comment.objects.get(pk=headers["X-Pitlane-Comment-Id"]).review.drift_score == 0.0


@pytest.mark.parametrize("missing", ["blog", "user_ip", "comment_content"])
def test_a_missing_field_is_invalid_with_debug_help(live_server, key, missing):
    status, body, headers = check(live_server, key, "Fine car.", **{missing: ""})
    assert (status, body) == (200, "invalid")
    assert missing in headers["X-akismet-debug-help"]
    assert not Comment.objects.exists()


def test_oversized_content_is_refused_and_nothing_is_saved(live_server, key):
    status, body, headers = check(live_server, key, "x" * 5001)
    assert (status, body) == (200, "invalid")
    assert "5,000" in headers["X-akismet-debug-help"]
    status, body, headers = check(live_server, key, "x" * 3_000_000)
    assert status == 413 and "too large" in headers["X-akismet-debug-help"]
    assert not Comment.objects.exists()


def test_nul_characters_are_refused_not_a_crash(live_server, key):
    status, body, headers = check(live_server, key, "Fine car.\x00")
    assert (status, body) == (200, "invalid")
    assert "NUL" in headers["X-akismet-debug-help"]
    assert not Comment.objects.exists()


def test_a_bad_key_checks_nothing(live_server, key):
    status, body, headers = check(live_server, "pl_beef_notakey", "Fine car.")
    assert (status, body) == (200, "invalid")
    assert "X-akismet-debug-help" in headers
    assert not Comment.objects.exists()


def test_submit_spam_turns_a_published_comment_into_a_spam_label(live_server, key, registered):
    content = "Loved the review, more at my shop"
    headers = check(live_server, key, content)[2]
    status, body, _ = post(
        live_server, "submit-spam", api_key=key, blog=BLOG, user_ip="203.0.113.7", permalink=PERMALINK,
        comment_author="Sam", comment_author_email="sam@example.org", comment_content=content,
    )
    assert (status, body) == (200, "Thanks for making the web a better place.")
    comment = Comment.objects.get(pk=headers["X-Pitlane-Comment-Id"])
    assert comment.status == Comment.Status.REJECTED
    entry = AuditEntry.objects.filter(comment=comment).first()
    assert (entry.action, entry.reason, entry.site_id) == ("reject", "spam", registered.site_id)
    assert entry.actor_id is not None


def test_submit_ham_publishes_a_held_comment_as_a_ham_label(live_server, key):
    content = "Honest question about the warranty [spam 0.7]"
    headers = check(live_server, key, content)[2]
    status, body, _ = post(
        live_server, "submit-ham", api_key=key, blog=BLOG, user_ip="203.0.113.7", permalink=PERMALINK,
        comment_author="Sam", comment_author_email="sam@example.org", comment_content=content,
    )
    assert body == "Thanks for making the web a better place."
    comment = Comment.objects.get(pk=headers["X-Pitlane-Comment-Id"])
    assert comment.status == Comment.Status.PUBLISHED
    assert AuditEntry.objects.filter(comment=comment).first().action == AuditEntry.Action.APPROVE


def test_submissions_need_the_moderate_scope(live_server, site):
    key = make_key(site, ("check",))
    status, body, headers = post(
        live_server, "submit-spam", api_key=key, blog=BLOG, user_ip="203.0.113.7", comment_content="spam"
    )
    assert body == "invalid" and "scope" in headers["X-akismet-debug-help"]
    assert not Comment.objects.exists()
