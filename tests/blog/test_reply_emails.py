"""Reply e-mails: absolute links from SITE_URL, a signed one-click unsubscribe link, and reader settings."""
import pytest
from django.core import mail
from django.urls import reverse

from blog.accounts import unsubscribe_token
from blog.models import ReaderProfile
from moderation.tasks import send_reply_notification
from tests.blog.builders import make_comment


@pytest.fixture
def reply(article, alice, bob, settings):
    settings.SITE_URL = "https://pitlane.example"
    alice.email = "alice@example.com"
    alice.save()
    ReaderProfile.objects.filter(user=alice).update(email_on_reply=True, verified_email="alice@example.com")
    parent = make_comment(article, alice, "Who services an Alpine in Ohio?")
    return make_comment(article, bob, "The Renault-Nissan network could.", parent=parent)


def unsubscribe_link(message) -> str:
    line = next(line for line in message.body.splitlines() if "/accounts/unsubscribe/" in line)
    return line.split(": ", 1)[1].removeprefix("https://pitlane.example")


def test_it_links_the_thread_with_an_absolute_url(reply):
    send_reply_notification(reply.pk)

    body = mail.outbox[0].body
    assert f"Read the thread: https://pitlane.example{reply.get_absolute_url()}" in body
    assert "https://pitlane.example/accounts/settings/" in body


def test_it_carries_one_click_unsubscribe_headers(reply):
    send_reply_notification(reply.pk)

    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe"] == f"<https://pitlane.example{unsubscribe_link(mail.outbox[0])}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_following_the_link_only_asks_and_posting_unsubscribes(client, reply, alice):
    send_reply_notification(reply.pk)
    link = unsubscribe_link(mail.outbox[0])

    asked = client.get(link)
    assert asked.status_code == 200 and ReaderProfile.objects.get(user=alice).email_on_reply

    done = client.post(link, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and not ReaderProfile.objects.get(user=alice).email_on_reply


def test_after_unsubscribing_no_reply_e_mail_is_sent(client, reply, alice, bob):
    client.post(reverse("unsubscribe", args=[unsubscribe_token(alice)]))
    another = make_comment(reply.article, bob, "And the Dacia dealers too.", parent=reply.parent)

    assert not send_reply_notification(another.pk)
    assert mail.outbox == []


def test_a_forged_unsubscribe_token_changes_nothing(client, reply, alice, bob):
    forged = unsubscribe_token(bob).replace(str(bob.pk), str(alice.pk), 1) + "x"

    response = client.post(reverse("unsubscribe", args=[forged]))

    assert response.status_code == 404
    assert ReaderProfile.objects.get(user=alice).email_on_reply


def test_settings_turn_reply_e_mails_off_and_on(client, reply, alice):
    client.force_login(alice)

    assert client.post(reverse("account_settings"), {}).status_code == 302
    assert not ReaderProfile.objects.get(user=alice).email_on_reply
    assert client.post(reverse("account_settings"), {"email_on_reply": "on"}).status_code == 302
    assert ReaderProfile.objects.get(user=alice).email_on_reply


def test_settings_refuse_reply_e_mails_without_an_address(client, bob):
    client.force_login(bob)

    response = client.post(reverse("account_settings"), {"email_on_reply": "on"})

    assert response.status_code == 400
    assert not ReaderProfile.objects.get(user=bob).email_on_reply


def test_it_strips_right_to_left_overrides_from_name_title_and_text(reply):
    reply.article.title = "Alpine\u202e raey drocer"
    reply.article.save()
    reply.body = "See www.example.com/\u202egnp.exe for details"
    reply.save()

    send_reply_notification(reply.pk)

    message = mail.outbox[0]
    assert "\u202e" not in message.subject + message.body
    assert "www.example.com/gnp.exe" in message.body


def test_it_shows_international_hosts_in_punycode(reply):
    look_alike = "\u0430\u0440\u0440\u04cf\u0435.com"  # Cyrillic letters that read "apple.com"
    reply.body = f"Cheaper parts at https://{look_alike}/parts and at p\u00e4rts.example too"
    reply.save()

    send_reply_notification(reply.pk)

    body = mail.outbox[0].body
    assert "https://xn--" in body and "\u0430\u0440\u0440" not in body
    assert "xn--prts-loa.example" in body


def test_it_names_the_replier_as_threads_do(reply, bob):
    ReaderProfile.objects.filter(user=bob).update(display_name="Bob Dupont")

    send_reply_notification(reply.pk)

    assert mail.outbox[0].subject.startswith("Bob Dupont (@bob) replied to you on")


def test_its_links_carry_an_international_site_address_in_punycode(reply, settings):
    settings.SITE_URL = "https://pitl\u00e4ne.example"

    send_reply_notification(reply.pk)

    body = mail.outbox[0].body
    assert "https://xn--pitlne-eua.example/" in body and "pitl\u00e4ne" not in body
