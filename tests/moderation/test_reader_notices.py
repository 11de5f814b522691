"""What readers see of moderation: approved comments appear, rejected ones explain why, replies e-mail."""

import pytest
from django.core import mail

from blog.models import ReaderProfile
from moderation import services
from moderation.tasks import send_reply_notification
from tests.blog.builders import make_comment
from tests.moderation.builders import make_held


def page_for(client, user, article) -> str:
    client.force_login(user)
    return client.get(article.get_absolute_url()).content.decode()


def test_approved_comment_appears_to_other_readers(client, article, alice, bob, moderator):
    held = make_held(article, alice, "Dealers in Texas would suit the A110")
    assert "Dealers in Texas" not in page_for(client, bob, article)
    services.approve(held.pk, moderator)
    assert "Dealers in Texas" in page_for(client, bob, article)


@pytest.mark.parametrize(
    ("reason", "notice"),
    [
        ("off_topic", "it is off-topic"),
        ("abusive", "it breaks the site rules on abuse"),
    ],
)
def test_rejected_comment_shows_its_author_the_reason(client, article, alice, moderator, reason, notice):
    held = make_held(article, alice, "My rejected words")
    services.reject(held.pk, moderator, reason)
    page = page_for(client, alice, article)
    assert "My rejected words" in page
    assert f"This comment was not published: {notice}" in page


def test_rejected_comment_is_hidden_from_other_readers(client, article, alice, bob, moderator):
    held = make_held(article, alice, "My rejected words")
    services.reject(held.pk, moderator, "spam")
    page = page_for(client, bob, article)
    assert "My rejected words" not in page
    assert "not published" not in page


def test_collapsed_top_level_comment_is_folded_behind_show_off_topic_comment(client, article, alice, bob):
    make_comment(article, alice, "Slot cars were my childhood", collapsed=True)
    page = page_for(client, bob, article)
    assert "Show off-topic comment" in page and "Show off-topic reply" not in page


def test_collapsed_reply_is_folded_behind_show_off_topic_reply(client, article, alice, bob):
    parent = make_comment(article, bob, "The A110 is the best-handling car under 60k")
    make_comment(article, alice, "Slot cars were my childhood", parent=parent, collapsed=True)
    assert "Show off-topic reply" in page_for(client, bob, article)


@pytest.fixture
def thread(article, alice, bob):
    """Alice opted in to reply e-mails; Bob replies to her."""
    alice.email = "alice@example.com"
    alice.save()
    ReaderProfile.objects.filter(user=alice).update(email_on_reply=True, verified_email="alice@example.com")
    parent = make_comment(article, alice, "Who services an Alpine in Ohio?")
    return parent, make_comment(article, bob, "The Renault-Nissan network could.", parent=parent)


def test_reply_e_mails_the_opted_in_parent_author_once(thread):
    _, reply = thread
    assert send_reply_notification(reply.pk)
    assert not send_reply_notification(reply.pk)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.com"]
    assert "bob replied" in mail.outbox[0].subject
    assert "Renault-Nissan network" in mail.outbox[0].body


def test_no_reply_e_mail_when_the_parent_author_opted_out(thread, alice):
    ReaderProfile.objects.filter(user=alice).update(email_on_reply=False)
    assert not send_reply_notification(thread[1].pk)
    assert mail.outbox == []


def test_no_reply_e_mail_for_an_unpublished_reply(thread):
    parent, _ = thread
    held = make_held(parent.article, parent.author, "self", parent=parent)
    assert not send_reply_notification(held.pk)


def test_publishing_a_reply_enqueues_the_notice_after_commit(
    thread, moderator, django_capture_on_commit_callbacks
):
    parent, _ = thread
    held = make_held(parent.article, parent.author, "Another reply", parent=parent)
    with django_capture_on_commit_callbacks() as callbacks:
        services.approve(held.pk, moderator)
    assert len(callbacks) == 1
