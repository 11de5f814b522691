"""Posting comments and replies through the article page's form."""
import re

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from blog.models import Comment
from tests.blog.builders import make_comment


def post_url(article) -> str:
    return reverse("blog:post_comment", args=[article.slug])


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def test_new_comment_starts_pending_and_redirects_to_its_anchor(alice_client, alice, article):
    response = alice_client.post(post_url(article), {"body": "  The A110 deserves a US launch.  "})

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.body == "The A110 deserves a US launch."
    assert (comment.author, comment.article, comment.parent, comment.root, comment.depth) == (
        alice, article, None, comment, 0
    )
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#c{comment.pk}"


def test_reply_records_parent_root_and_depth(alice_client, bob, article):
    top = make_comment(article, bob, "Where would owners get it serviced?")
    middle = make_comment(article, bob, "Good question.", parent=top)

    alice_client.post(post_url(article), {"body": "At the dealer, surely.", "parent": middle.pk})

    reply = Comment.objects.get(body="At the dealer, surely.")
    assert (reply.parent, reply.root, reply.depth) == (middle, top, 2)


def test_redirect_lands_on_the_page_that_shows_the_thread(alice_client, bob, article, settings):
    settings.PITLANE_COMMENTS_PER_PAGE = 2
    tops = [make_comment(article, bob, f"Top {i}", minutes=i) for i in range(3)]

    response = alice_client.post(post_url(article), {"body": "Reply on page two", "parent": tops[2].pk})

    reply = Comment.objects.get(body="Reply on page two")
    assert response["Location"] == f"{article.get_absolute_url()}?page=2#c{reply.pk}"


def test_publish_immediately_setting_publishes_after_commit(
    alice_client, article, settings, django_capture_on_commit_callbacks
):
    settings.PITLANE_PUBLISH_IMMEDIATELY = True

    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(post_url(article), {"body": "Published at once."})

    assert Comment.objects.get().status == Comment.Status.PUBLISHED


def test_comment_on_closed_article_is_refused_and_nothing_saved(alice_client, closed_article):
    response = alice_client.post(post_url(closed_article), {"body": "Let me in."})

    assert response.status_code == 400
    assert "Comments are closed on this article." in response.content.decode()
    assert not Comment.objects.exists()


def test_reply_to_other_articles_comment_is_rejected(alice_client, bob, article, other_article):
    elsewhere = make_comment(other_article, bob, "Dacia is the real story.")

    response = alice_client.post(post_url(article), {"body": "Agreed.", "parent": elsewhere.pk})

    assert response.status_code == 400
    assert "You cannot reply to that comment." in response.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.HELD, Comment.Status.REMOVED])
def test_reply_to_comment_hidden_from_the_reader_is_rejected(alice_client, bob, article, status):
    hidden = make_comment(article, bob, "Not visible to alice.", status=status)

    response = alice_client.post(post_url(article), {"body": "Replying anyway.", "parent": hidden.pk})

    assert response.status_code == 400
    assert "You cannot reply to that comment." in response.content.decode()
    assert Comment.objects.count() == 1


def test_reply_to_own_pending_comment_is_accepted(alice_client, alice, article):
    own = make_comment(article, alice, "My pending thought.", status=Comment.Status.PENDING)

    response = alice_client.post(post_url(article), {"body": "And a follow-up.", "parent": own.pk})

    assert response.status_code == 302
    assert Comment.objects.get(body="And a follow-up.").parent == own


@pytest.mark.parametrize("parent", ["999999", "abc", "0", "-3", "99999999999999999999"])
def test_reply_to_missing_comment_is_rejected(alice_client, article, parent):
    response = alice_client.post(post_url(article), {"body": "Hello?", "parent": parent})

    assert response.status_code == 400
    assert "You cannot reply to that comment." in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("body", ["", "   ", "\n\t \r\n"])
def test_empty_body_is_rejected(alice_client, article, body):
    response = alice_client.post(post_url(article), {"body": body})

    assert response.status_code == 400
    assert "Your comment is empty." in response.content.decode()
    assert not Comment.objects.exists()


def test_body_of_exactly_5000_characters_after_trimming_is_accepted(alice_client, article):
    body = "x" * 5000

    response = alice_client.post(post_url(article), {"body": f"   {body}\n\n"})

    assert response.status_code == 302
    assert Comment.objects.get().body == body


def test_body_of_5001_characters_is_rejected(alice_client, article):
    response = alice_client.post(post_url(article), {"body": "x" * 5001})

    assert response.status_code == 400
    assert "limited to 5,000 characters" in response.content.decode()
    assert not Comment.objects.exists()


def test_single_character_body_is_accepted(alice_client, article):
    assert alice_client.post(post_url(article), {"body": " ! "}).status_code == 302
    assert Comment.objects.get().body == "!"


def test_rejected_comment_page_keeps_the_readers_text_escaped(alice_client, article):
    response = alice_client.post(post_url(article), {"body": "My <b>careful</b> words", "parent": "999"})

    html = response.content.decode()
    assert "My &lt;b&gt;careful&lt;/b&gt; words</textarea>" in html
    assert 'name="parent"' not in html


def test_anonymous_post_redirects_to_login_with_next(client, article):
    response = client.post(post_url(article), {"body": "Drive-by."})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert article.get_absolute_url() in response["Location"].replace("%2F", "/")
    assert not Comment.objects.exists()


def test_post_without_csrf_token_is_forbidden(alice, article):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)

    response = strict.post(post_url(article), {"body": "No token."})

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_get_on_the_posting_url_is_not_allowed(alice_client, article):
    assert alice_client.get(post_url(article)).status_code == 405


def test_posting_to_a_missing_article_is_not_found(alice_client):
    response = alice_client.post("/articles/no-such-story/comments/", {"body": "Hello"})

    assert response.status_code == 404
    assert not Comment.objects.exists()


KEY = "0123456789abcdef0123456789abcdef"


def test_the_same_form_sent_twice_saves_one_comment(alice_client, article):
    first = alice_client.post(post_url(article), {"body": "Double click on post.", "key": KEY})
    second = alice_client.post(post_url(article), {"body": "Double click on post.", "key": KEY})

    comment = Comment.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"{article.get_absolute_url()}#c{comment.pk}"


def test_two_forms_save_two_comments_and_keys_are_per_author(alice_client, bob, article):
    alice_client.post(post_url(article), {"body": "First thought.", "key": KEY})
    alice_client.post(post_url(article), {"body": "Second thought.", "key": KEY.replace("0", "f")})
    bobs = Client()
    bobs.force_login(bob)
    bobs.post(post_url(article), {"body": "Bob's own form.", "key": KEY})

    assert sorted(Comment.objects.values_list("body", flat=True)) == [
        "Bob's own form.", "First thought.", "Second thought."
    ]


def test_a_damaged_form_key_is_refused_with_a_message(alice_client, article):
    response = alice_client.post(post_url(article), {"body": "Fine text.", "key": "<script>"})

    assert response.status_code == 400
    assert "Reload the page" in response.content.decode()
    assert not Comment.objects.exists()


def test_every_comment_form_carries_its_own_key(alice_client, bob, article):
    top = make_comment(article, bob, "Reply to me")
    page = alice_client.get(f"{article.get_absolute_url()}?reply={top.pk}").content.decode()
    again = alice_client.get(article.get_absolute_url()).content.decode()

    keys = re.findall(r'name="key" value="([0-9a-f]{32})"', page)
    assert len(keys) == 2 and keys[0] != keys[1]  # the comment form and the reply form
    assert re.findall(r'name="key" value="([0-9a-f]{32})"', again)[0] not in keys


def test_a_database_error_after_saving_still_redirects(alice_client, article, monkeypatch):
    """The post is committed; failing to work out its page must not answer 500 and invite a retry."""
    def unavailable(*args):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("blog.pages.comment_location", unavailable)
    response = alice_client.post(post_url(article), {"body": "Saved before the hiccup."})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("blog:comment_permalink", args=[comment.pk])


def test_reply_errors_never_reveal_whether_a_hidden_comment_exists(alice_client, bob, article, other_article):
    held = make_comment(article, bob, "Held.", status=Comment.Status.HELD)
    elsewhere = make_comment(other_article, bob, "Elsewhere.")
    pages = [
        alice_client.post(post_url(article), {"body": "Hi", "parent": parent}).content.decode()
        for parent in (held.pk, elsewhere.pk, elsewhere.pk + held.pk + 100)
    ]

    alerts = {page.split('role="alert">', 1)[1].split("<", 1)[0] for page in pages}
    assert alerts == {"You cannot reply to that comment."}


def test_a_reused_form_key_with_new_text_is_refused_with_the_text_kept(alice_client, article, other_article):
    alice_client.post(post_url(article), {"body": "First comment.", "key": KEY})

    response = alice_client.post(post_url(other_article), {"body": "A new comment elsewhere.", "key": KEY})

    assert response.status_code == 400
    page = response.content.decode()
    assert "already used to post a different comment" in page
    assert "A new comment elsewhere." in page
    assert list(Comment.objects.values_list("body", flat=True)) == ["First comment."]


def test_a_reused_form_key_on_the_same_article_with_different_text_is_refused(alice_client, article):
    alice_client.post(post_url(article), {"body": "First comment.", "key": KEY})

    response = alice_client.post(post_url(article), {"body": "Edited and sent again.", "key": KEY})

    assert response.status_code == 400
    assert Comment.objects.count() == 1
