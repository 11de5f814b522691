"""The REST API: what a key of each kind may do, and what callers get back."""
import pytest
from django.test import Client

from api.keys import revoke
from api.models import ApiKey
from blog.models import Article, Comment
from moderation.models import AuditEntry, Review
from scoring.models import ModelVersion
from tests.api.builders import make_key
from tests.blog.builders import make_comment

ARTICLE_URL = "https://hothatch.example/2026/golf-gti-clubsport/"


def call(key: str | None, method: str, path: str, body: dict | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    client = Client()
    if method == "GET":
        return client.get(f"/api/v1/{path}", body or {}, **headers)
    return client.post(f"/api/v1/{path}", body or {}, content_type="application/json", **headers)


@pytest.fixture
def site_article(site):
    return Article.objects.create(
        site=site, url=ARTICLE_URL, external_id="post-17", slug="golf-gti", title="The Golf GTI Clubsport",
        standfirst="", body="We drove the Golf GTI Clubsport on track and road.", byline="",
    )


@pytest.fixture
def held(site_article, alice):
    return make_comment(site_article, alice, "Visit my shop", status=Comment.Status.HELD)


def test_it_registers_an_article_then_updates_it_in_place(key):
    body = {"url": ARTICLE_URL, "external_id": "post-17", "title": "Draft", "body": "Old text."}
    created = call(key, "POST", "articles/", body)
    updated = call(key, "POST", "articles/", {**body, "title": "The Golf GTI Clubsport", "body": "New."})
    assert (created.status_code, updated.status_code) == (201, 200)
    assert created.json()["id"] == updated.json()["id"]
    assert Article.objects.get(pk=created.json()["id"]).body == "New."


def test_a_submitted_comment_gets_an_id_and_waits_for_the_worker(key, site_article):
    response = call(key, "POST", "comments/", {
        "article_external_id": "post-17", "text": "The diff is the star here.",
        "author": {"name": "Sam", "email": "sam@example.org"}, "ip": "203.0.113.7", "user_agent": "Mozilla",
    })
    assert response.status_code == 201, response.json()
    comment = Comment.objects.get(pk=response.json()["id"])
    assert (comment.status, comment.article) == (Comment.Status.PENDING, site_article)
    assert response.json()["status"] == "pending"


def test_a_comment_reads_back_with_status_scores_reasons_and_model(key, held):
    Review.objects.create(comment=held, model_version="v7", spam_score=0.8, drift_score=0.1,
                          reason_codes=",spam,", reasons=["likely spam (spam 0.80)"])
    data = call(key, "GET", f"comments/{held.pk}/").json()
    assert data["status"] == "held"
    assert (data["spam_score"], data["model_version"], data["reason_codes"]) == (0.8, "v7", ["spam"])
    assert data["reasons"] == ["likely spam (spam 0.80)"]


def test_a_moderator_rejects_with_a_reason_and_the_audit_names_the_site(key, held, site):
    response = call(key, "POST", f"comments/{held.pk}/reject/", {"moderator": "Priya", "reason": "spam"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "rejected"
    entry = AuditEntry.objects.filter(comment=held).first()
    assert (entry.reason, entry.site, entry.actor.first_name) == ("spam", site, "Priya")


def test_a_second_decision_is_a_conflict(key, held):
    assert call(key, "POST", f"comments/{held.pk}/approve/", {"moderator": "Priya"}).status_code == 200
    again = call(key, "POST", f"comments/{held.pk}/spam/", {"moderator": "Ole", "expected_status": "held"})
    assert again.status_code == 409 and "priya" in again.json()["error"]


def test_the_queue_lists_only_the_sites_comments(key, held, article, bob):
    make_comment(article, bob, "Pitlane's own held comment", status=Comment.Status.HELD)
    data = call(key, "GET", "queue/", {"tab": "held"}).json()
    assert [row["id"] for row in data["results"]] == [held.pk]
    assert data["count"] == 1


def test_models_lists_versions_and_the_live_one(key):
    ModelVersion.objects.create(version="v1", status="ready")
    ModelVersion.objects.create(version="v2", status="ready", is_active=True)
    data = call(key, "GET", "models/").json()
    assert data["live"]["version"] == "v2"
    assert {row["version"] for row in data["models"]} == {"v1", "v2"}


def test_bad_input_is_a_json_error_naming_the_field(key, site_article):
    response = call(key, "POST", "comments/", {"article_id": site_article.pk, "text": "x" * 5001})
    assert response.status_code == 400
    assert "text" in response.json()["fields"]
    response = call(key, "POST", "comments/", {"text": "No article"})
    assert response.status_code == 400 and response.json()["error"]
    broken = Client().post("/api/v1/comments/", "{not json", content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {key}")
    assert broken.status_code == 400 and "JSON" in broken.json()["error"]


# The authorisation matrix: (key kind, call) -> status. "other" is a key of another site.
CALLS = {
    "read": ("GET", "comments/{held}/", None),
    "submit": ("POST", "comments/", {"article_id": "{article}", "text": "Nice car."}),
    "queue": ("GET", "queue/", None),
    "approve": ("POST", "comments/{held}/approve/", {"moderator": "Priya"}),
}
MATRIX = {
    "none": {"read": 401, "submit": 401, "queue": 401, "approve": 401},
    "revoked": {"read": 401, "submit": 401, "queue": 401, "approve": 401},
    "check": {"read": 200, "submit": 201, "queue": 403, "approve": 403},
    "other": {"read": 404, "submit": 404, "queue": 200, "approve": 404},
    "full": {"read": 200, "submit": 201, "queue": 200, "approve": 200},
}


@pytest.mark.parametrize("kind", MATRIX)
@pytest.mark.parametrize("name", CALLS)
def test_authorisation_matrix(kind, name, site, other_site, held, site_article):
    keys = {
        "none": None, "check": make_key(site, ("check",)), "other": make_key(other_site),
        "full": make_key(site), "revoked": make_key(site),
    }
    revoke(ApiKey.objects.get(prefix=keys["revoked"].split("_")[1]).pk)
    method, path, body = CALLS[name]
    path = path.format(held=held.pk)
    if body:
        body = {k: (site_article.pk if v == "{article}" else v) for k, v in body.items()}
    response = call(keys[kind], method, path, body)
    assert response.status_code == MATRIX[kind][name], response.content
    assert response["Content-Type"] == "application/json"
    held.refresh_from_db()
    assert held.status == ("published" if (kind, name) == ("full", "approve") else "held")
