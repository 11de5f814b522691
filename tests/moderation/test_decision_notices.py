"""Tell the author: a reader who opted in is e-mailed, once, when a moderator does not publish their
comment, with the moderator's public explanation (never the internal note, never a hidden spam verdict)."""
import pytest
from django.core import mail
from django.urls import reverse

from blog.accounts import unsubscribe_token
from blog.models import ReaderProfile
from moderation import services
from moderation.tasks import send_decision_notice
from tests.moderation.builders import make_held


@pytest.fixture
def opted_in(alice):
    alice.email = "alice@example.com"
    alice.save()
    ReaderProfile.objects.update_or_create(
        user=alice, defaults={"email_on_decision": True, "verified_email": "alice@example.com"})
    return alice


def test_a_rejection_e_mails_the_opted_in_author_once_with_the_explanation(article, opted_in, moderator):
    held = make_held(article, opted_in, "The A110 is overrated, buy a GT86")
    services.reject(held.pk, moderator, "off_topic", note="internal: third time",
                    explanation="Stay on the A110.")
    assert send_decision_notice(held.pk)
    assert not send_decision_notice(held.pk)  # a second delivery sends nothing
    [message] = mail.outbox
    assert message.to == ["alice@example.com"] and "was not published" in message.subject
    assert "it is off-topic for this article" in message.body and "Stay on the A110." in message.body
    assert "third time" not in message.body and "buy a GT86" in message.body


def test_the_worker_is_handed_the_notice_after_the_rejection_commits(
    article, opted_in, moderator, django_capture_on_commit_callbacks, monkeypatch
):
    sent: list[int] = []  # what would reach the broker
    monkeypatch.setattr(send_decision_notice, "apply_async",
                        lambda args, kwargs=None, **_: sent.append(args[0]))
    held = make_held(article, opted_in, "Off topic")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.reject(held.pk, moderator, "off_topic")
    assert sent == []
    for callback in callbacks:
        callback()
    assert sent == [held.pk]


def test_no_e_mail_without_opting_in_or_without_a_confirmed_address(article, opted_in, moderator):
    first, second = make_held(article, opted_in, "One"), make_held(article, opted_in, "Two")
    services.reject(first.pk, moderator, "abusive")
    ReaderProfile.objects.filter(user=opted_in).update(verified_email="")
    assert not send_decision_notice(first.pk)
    profile = ReaderProfile.objects.filter(user=opted_in)
    profile.update(verified_email="alice@example.com", email_on_decision=False)
    services.reject(second.pk, moderator, "abusive")
    assert not send_decision_notice(second.pk)
    assert mail.outbox == []


def test_no_e_mail_for_a_hidden_spam_verdict_the_models_rejection_or_an_undone_one(
    article, opted_in, moderator, settings
):
    settings.PITLANE_SHOW_SPAM_VERDICT = False
    spam, undone = make_held(article, opted_in, "Cheap parts"), make_held(article, opted_in, "Undone")
    services.reject(spam.pk, moderator, "spam")
    entry = services.reject(undone.pk, moderator, "other")
    services.undo(entry.pk, moderator)
    assert not send_decision_notice(spam.pk) and not send_decision_notice(undone.pk)
    assert mail.outbox == []


def test_readers_choose_decision_e_mails_in_their_settings_and_unsubscribe_stops_them(client, opted_in):
    client.force_login(opted_in)
    client.post(reverse("account_settings"), {})
    assert not ReaderProfile.objects.get(user=opted_in).email_on_decision
    client.post(reverse("account_settings"), {"email_on_decision": "on"})
    assert ReaderProfile.objects.get(user=opted_in).email_on_decision
    client.post(reverse("unsubscribe", args=[unsubscribe_token(opted_in)]))
    assert not ReaderProfile.objects.get(user=opted_in).email_on_decision
