"""Password reset and change under /accounts/, e-mails made by the worker, and e-mail verification."""
import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from blog import tasks
from blog.accounts import email_token
from blog.models import ReaderProfile
from moderation.tasks import send_reply_notification
from tests.blog.builders import PASSWORD, make_comment


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group().split("127.0.0.1:8000", 1)[-1]


def test_password_reset_is_sent_by_the_worker_and_its_link_sets_a_new_password(
    client, alice, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    alice.email = "alice@example.com"
    alice.save()
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(reverse("password_reset"), {"email": "alice@example.com"})
    assert response.status_code == 302 and mail.outbox == [] and len(callbacks) == 1

    assert tasks.send_password_reset(alice.pk)
    confirm = client.get(link_in(mail.outbox[0]), follow=True)
    form_url = confirm.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "gearbox-oil-1987", "new_password2": "gearbox-oil-1987"})

    alice.refresh_from_db()
    assert done.status_code == 302 and alice.check_password("gearbox-oil-1987")


def test_password_reset_is_rate_limited(client, db, settings):
    settings.PITLANE_RATE_RESET_IP = "2/h"

    url = reverse("password_reset")
    statuses = [client.post(url, {"email": "x@example.com"}).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]


def test_password_change_needs_the_old_password(alice):
    client = Client()
    client.force_login(alice)

    new = {"new_password1": "gearbox-oil-1987", "new_password2": "gearbox-oil-1987"}
    wrong = client.post(reverse("password_change"), {"old_password": "nope", **new})
    right = client.post(reverse("password_change"), {"old_password": PASSWORD, **new})

    alice.refresh_from_db()
    assert (wrong.status_code, right.status_code) == (200, 302) and alice.check_password("gearbox-oil-1987")


def test_reply_e_mails_wait_for_a_confirmed_address(client, article, alice, bob):
    alice.email = "alice@example.com"
    alice.save()
    ReaderProfile.objects.filter(user=alice).update(email_on_reply=True)
    parent = make_comment(article, alice, "Who services an Alpine in Ohio?")
    first = make_comment(article, bob, "The dealer could.", parent=parent)
    assert not send_reply_notification(first.pk)

    tasks.send_email_verification(alice.pk)
    link = link_in(mail.outbox[0])
    assert client.get(link).status_code == 200 and not ReaderProfile.objects.get(user=alice).verified_email
    client.post(link)
    second = make_comment(article, bob, "Or an independent.", parent=parent, minutes=1)

    assert send_reply_notification(second.pk) and mail.outbox[-1].to == ["alice@example.com"]


def test_a_verification_link_for_an_old_address_confirms_nothing(client, alice):
    alice.email = "old@example.com"
    alice.save()
    token = email_token(alice)
    alice.email = "new@example.com"
    alice.save()

    response = client.post(reverse("verify_email", args=[token]))

    assert response.status_code == 404 and not ReaderProfile.objects.get(user=alice).verified_email
