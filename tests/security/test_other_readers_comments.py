"""A reader never sees, moderates, edits or answers another reader's hidden comment, by any door."""
from __future__ import annotations

import pytest
from django.test import Client

from blog.models import Comment
from tests.security.test_authorisation import LOGIN, status_of


def test_reader_never_sees_another_readers_pending_comment(world):
    client = Client()
    client.force_login(world["reader"])

    article_page = client.get(world["article"].get_absolute_url()).content.decode()
    profile = client.get("/accounts/me/").content.decode()
    permalink = client.get(f"/comments/{world['bobs_pending'].pk}/")

    assert "Bob&#x27;s pending comment" not in article_page and "Bob's pending comment" not in article_page
    assert "Alice&#x27;s pending comment" in article_page or "Alice's pending comment" in article_page
    assert "Bob's pending" not in profile
    assert permalink.status_code == 404


@pytest.mark.parametrize("action", ["approve", "reject", "spam"])
def test_reader_cannot_moderate_another_readers_comment(world, action):
    client = Client()
    client.force_login(world["reader"])
    held = world["held"]

    single = client.post(f"/moderation/comments/{held.pk}/act/", {"action": action, "reason": "spam"})
    bulk = client.post("/moderation/bulk/", {"action": action, "reason": "spam", "ids": [held.pk]})

    held.refresh_from_db()
    assert (single.status_code, bulk.status_code, held.status) == (403, 403, Comment.Status.HELD)


def test_reader_cannot_edit_or_delete_another_readers_comment_in_the_admin(world):
    client = Client()
    client.force_login(world["reader"])
    published = world["published"]

    edit = client.post(f"/admin/blog/comment/{published.pk}/change/", {"body": "Rewritten by alice"})
    delete = client.post(f"/admin/blog/comment/{published.pk}/delete/", {"post": "yes"})

    published.refresh_from_db()
    assert status_of(edit) == status_of(delete) == LOGIN
    assert published.body == "Bob's published comment"


def test_reply_to_another_readers_pending_comment_is_refused(world):
    client = Client()
    client.force_login(world["reader"])

    response = client.post(f"/articles/{world['article'].slug}/comments/",
                           {"body": "Replying to a hidden comment", "parent": world["bobs_pending"].pk})

    assert response.status_code == 400
    assert not Comment.objects.filter(body="Replying to a hidden comment").exists()
