"""Coral's external moderation phase, with requests shaped exactly like Coral's documentation."""
import hashlib
import hmac
import json

import pytest
from django.test import Client

from api.models import CoralPhase
from blog.models import Article, Comment

SECRET = "ssc_0e5a2b0c-coral-signing-secret"
STORY_URL = "http://localhost:1313/posts/a-story-url/"


@pytest.fixture(autouse=True)
def tagged(tagged_model):
    """Comments say what they score."""


@pytest.fixture
def phase(site):
    return CoralPhase.objects.create(site=site, signing_secret=SECRET)


def coral_request(body: str, parent_id: str | None = None, role: str = "COMMENTER") -> dict:
    # The documented example, field for field.
    return {
        "action": "NEW",
        "comment": {"body": body, "parentID": parent_id},
        "author": {"id": "baf4e943-3594-4fcc-b2ba-3e8de7a76352", "role": role},
        "story": {"id": "245b3856-b0a0-4d2f-a6bb-58c71f18d6a6", "url": STORY_URL},
        "site": {"id": "a4bede88-2d2c-4424-bc18-4322a9e285a6"},
        "tenantID": "19ba5794-7eeb-4d46-a81b-c00c61672501",
        "tenantDomain": "localhost",
    }


def send(phase, payload: dict, secret: str = SECRET, extra_signatures: tuple = ()):
    raw = json.dumps(payload, indent=2).encode()  # as Coral sends it: JSON.stringify(request, null, 2)
    signature = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    header = ",".join([*extra_signatures, signature])
    return Client().post(f"/coral/v1/phases/{phase.pk}/", raw, content_type="application/json",
                         HTTP_X_CORAL_SIGNATURE=header)


def test_a_clean_comment_gets_no_action(phase):
    response = send(phase, coral_request("Here's a comment!"))
    assert response.status_code == 204 and response.content == b""
    assert Comment.objects.get().status == Comment.Status.PUBLISHED


def test_near_certain_spam_is_rejected_with_a_spam_flag(phase):
    response = send(phase, coral_request("Cheap pills here [spam 0.99]"))
    assert response.json() == {
        "status": "REJECTED", "actions": [{"actionType": "FLAG", "reason": "COMMENT_DETECTED_SPAM"}]
    }


def test_likely_spam_is_withheld_with_a_spam_flag(phase):
    response = send(phase, coral_request("Visit my profile [spam 0.7]"))
    assert response.json() == {
        "status": "SYSTEM_WITHHELD", "actions": [{"actionType": "FLAG", "reason": "COMMENT_DETECTED_SPAM"}]
    }


def test_off_topic_on_a_registered_story_is_withheld(phase, site):
    Article.objects.create(site=site, url=STORY_URL, slug="story", title="A story", standfirst="",
                           body="The new hot hatch on track.", byline="")
    response = send(phase, coral_request("Here's a reply about my cat [drift 0.9]",
                                         parent_id="d79b787f-f406-49a0-a179-72e3652e54be"))
    assert response.json() == {"status": "SYSTEM_WITHHELD"}
    assert Comment.objects.get().review.codes == ["off_topic"]


def test_a_rotated_secret_still_verifies_with_either_signature(phase):
    old = "sha256=" + "0" * 64
    assert send(phase, coral_request("Here's a comment!"), extra_signatures=(old,)).status_code == 204


def test_a_bad_signature_is_refused_and_nothing_is_saved(phase):
    response = send(phase, coral_request("Here's a comment!"), secret="not-the-secret")
    assert response.status_code == 401
    assert not Comment.objects.exists()


def test_staff_comments_are_left_to_coral(phase):
    assert send(phase, coral_request("Staff note [spam 0.99]", role="STAFF")).status_code == 204
    assert not Comment.objects.exists()


MALFORMED = [{}, {"action": "DELETE"}, {**coral_request("x"), "comment": {"body": 5}}]


@pytest.mark.parametrize("payload", MALFORMED)
def test_a_malformed_request_is_a_400(phase, payload):
    assert send(phase, payload).status_code == 400
    assert not Comment.objects.exists()
