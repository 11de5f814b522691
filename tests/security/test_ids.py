"""Ids beyond the database's integer range: a 404 or a form error, never a 500."""
import pytest
from django.test import Client

from blog.ids import MAX_ID, clean_id
from tests.moderation.builders import make_moderator

HUGE = "9" * 20


@pytest.fixture
def mona_client(db):
    client = Client()
    client.force_login(make_moderator("mona"))
    return client


@pytest.mark.parametrize("query", [f"?article={HUGE}", f"?article={MAX_ID + 1}", "?article=-1"])
def test_queue_filter_with_a_huge_article_id_still_shows_the_queue(mona_client, query):
    assert mona_client.get(f"/moderation/{query}").status_code == 200


def test_audit_filter_with_a_huge_comment_id_still_shows_the_log(mona_client):
    assert mona_client.get(f"/moderation/audit/?comment={HUGE}").status_code == 200


def test_acting_on_a_huge_comment_id_is_not_found(mona_client):
    response = mona_client.post(f"/moderation/comments/{HUGE}/act/", {"action": "approve"})
    assert response.status_code == 404


def test_bulk_action_with_a_huge_id_is_refused_without_error(mona_client):
    response = mona_client.post("/moderation/bulk/", {"action": "approve", "ids": [HUGE]})
    assert response.status_code in (302, 400)


@pytest.mark.parametrize("path", [f"/comments/{HUGE}/", f"/comments/{MAX_ID + 1}/"])
def test_reader_pages_with_huge_ids_are_not_found(client, db, path):
    assert client.get(path).status_code == 404


def test_article_page_ignores_huge_thread_and_reply_ids(client, article):
    response = client.get(f"{article.get_absolute_url()}?thread={HUGE}&reply={HUGE}&report={HUGE}")
    assert response.status_code == 200


def test_clean_id_accepts_exactly_the_database_range():
    assert clean_id(str(MAX_ID)) == MAX_ID
    assert clean_id(str(MAX_ID + 1)) is None
    assert clean_id("0") is None
    assert clean_id("12") == 12
