"""A reader's whole account, as a person goes through it: real chromium, Redis, Celery worker and e-mails.

The worker writes every e-mail it sends to a folder (Django's file backend) with links to this live
server (SITE_URL), so the journey opens them as a reader opens links from their mail client.
"""
from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from blog.models import Comment
from moderation.services import NewComment, submit_comment
from tests.blog.builders import make_article, make_comment, make_reader
from tests.integration.conftest import Worker, redis_server, wait_for, worker_env  # noqa: F401
from tests.moderation.broker import point_app_at

pytestmark = [pytest.mark.browser, pytest.mark.integration]
NEW_PASSWORD = "gearbox-oil-1987-rally"
FIRST_PASSWORD = "a-long-unusual-pass-42"
REPLY_NOTICE_DONE = re.compile(r"Task moderation\.tasks\.send_reply_notification\[[^\]]+\] succeeded")


@pytest.fixture(autouse=True)
def quiet_broker(redis_server):  # noqa: F811
    """New comments and e-mails go to the real worker through the private Redis."""
    previous = point_app_at(redis_server.url)
    yield
    point_app_at(previous)


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mail")


@pytest.fixture(scope="module")
def mail_worker(redis_server, django_db_setup, live_server, mailbox, tmp_path_factory):  # noqa: F811
    """The worker with the file e-mail backend and this live server as SITE_URL."""
    env = worker_env(redis_server.url) | {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mailbox),
        "SITE_URL": live_server.url,
    }
    worker = Worker(env, tmp_path_factory.mktemp("mail-worker"))
    worker.start()
    yield worker
    worker.kill()


@pytest.fixture
def story(transactional_db, settings):
    # The live server scores drafts with the tagged stand-in too, so the off-topic warning shows.
    settings.PITLANE_SCORER = "tests.moderation.scorers.load"
    body = "Alpine sold more A110s than ever.\n\nThe mid-engined coupe carried the year."
    article = make_article("alpine-a110-record-year", title="Alpine's record year", body=body)
    make_comment(article, make_reader("bob"), "The A110 is the best-handling car under 60k.")
    make_comment(article, make_reader("charlie"), "Dealers will decide this, not the car.", minutes=5)
    return article


def mails_to(mailbox: Path, address: str) -> list[email.message.EmailMessage]:
    """Every message the worker wrote for `address`, oldest first."""
    found = []
    for path in sorted(mailbox.glob("*.log")):
        for text in path.read_text().split("\n" + "-" * 79 + "\n"):
            if text.strip():
                message = email.message_from_string(text.strip(), policy=email.policy.default)
                if message["To"] == address:
                    found.append(message)
    return found


def link_in(message, path: str) -> str:
    body = message.get_body().get_content()
    return re.search(rf"https?://\S+{re.escape(path)}\S*", body).group()


def wait_for_mail(mailbox: Path, address: str, subject: str, count: int = 1):
    wait_for(lambda: len([m for m in mails_to(mailbox, address) if subject in m["Subject"]]) >= count, 20)
    return [m for m in mails_to(mailbox, address) if subject in m["Subject"]][-1]


def reply_from(author_name: str, parent: Comment, text: str) -> None:
    author = get_user_model().objects.get(username=author_name)
    submit_comment(NewComment(parent.article_id, author.pk, text, parent_id=parent.pk))


def sign_up(page, shoot, username: str, address: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.fill("#id_username", username)
    page.fill("#id_email", address)
    page.check("#id_email_on_reply")
    page.fill("#id_password1", FIRST_PASSWORD)
    page.fill("#id_password2", FIRST_PASSWORD)
    shoot(page, "signup")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text(f"Welcome to Pitlane, {username}.")).to_be_visible()


def verify_address(page, shoot, mailbox: Path, address: str) -> None:
    message = wait_for_mail(mailbox, address, "Confirm your e-mail address")
    page.goto(link_in(message, "/accounts/verify/"))
    page.get_by_role("button", name="Confirm my address").click()
    expect(page.get_by_text(f"Thanks: {address} is confirmed")).to_be_visible()
    shoot(page, "address-confirmed")
    page.goto("/accounts/settings/")
    expect(page.get_by_text("is not confirmed yet")).to_have_count(0)


def reset_password(page, shoot, mailbox: Path, username: str, address: str) -> None:
    page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.fill("#id_email", address)
    page.get_by_role("button", name="Send the link").click()
    message = wait_for_mail(mailbox, address, "Reset your Pitlane password")
    page.goto(link_in(message, "/accounts/reset/"))
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    shoot(page, "new-password")
    page.get_by_role("button", name="Save the new password").click()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", NEW_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name=f"@{username}")).to_be_visible()


def post(page, text: str) -> None:
    page.fill("#id_body", text)
    page.get_by_role("button", name="Post comment").click()


def comment_warn_edit_and_rescore(page, shoot, story) -> None:
    page.goto(story.get_absolute_url())
    post(page, "Slot cars were my childhood, and I still race them on Sundays [drift 0.8]")
    expect(page.get_by_text("This looks off-topic for this article.")).to_be_visible()
    shoot(page, "off-topic-warning")
    page.fill("#id_body", "The A110's light weight is why it handles; the record year is deserved.")
    page.get_by_role("button", name="Check again and post").click()
    first = page.locator("li.comment.own").filter(has_text="light weight")
    expect(first.locator("[data-outcome-badge]")).to_have_text("Published", timeout=20_000)

    post(page, "Alpine should build a four-seat A110 for families.")
    second = page.locator("li.comment.own").filter(has_text="four-seat A110")
    expect(second.locator("[data-outcome-badge]")).to_have_text("Published", timeout=20_000)
    second.get_by_role("link", name="Edit").click()
    page.locator("form.inline-comment-form textarea[name=body]").fill(
        "Alpine should build a four-seat A110. Also, my cat likes slot cars [drift 0.8]")
    page.get_by_role("button", name="Save changes").click()
    edited = page.locator("li.comment.own").filter(has_text="my cat likes slot cars")
    expect(edited.locator("[data-outcome-badge]")).to_have_text("Held for review", timeout=20_000)
    expect(edited.locator(".edited")).to_have_text("edited")
    shoot(page, "edited-and-rescored")


def vote_and_sort_by_top(page, shoot) -> None:
    charlies = page.locator("li.comment").filter(has_text="Dealers will decide")
    charlies.get_by_role("button", name="Up-vote").click()
    charlies = page.locator("li.comment").filter(has_text="Dealers will decide")
    expect(charlies.locator(".votes")).to_have_text("▲ 1")
    page.get_by_role("link", name="Top").click()
    expect(page.locator("li.comment").first).to_contain_text("Dealers will decide")
    shoot(page, "top-sort")


def reply_e_mails_on_then_off(page, shoot, mailbox: Path, worker: Worker, address: str) -> None:
    mine = Comment.objects.get(body__contains="light weight")
    done_before = len(REPLY_NOTICE_DONE.findall(worker.output()))
    reply_from("bob", mine, "Agreed: weight is everything.")
    assert "Agreed: weight is everything." in wait_for_mail(mailbox, address, "replied to you").get_content()

    page.goto("/accounts/settings/")
    page.uncheck("#id_email_on_reply")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your settings are saved.")).to_be_visible()
    shoot(page, "reply-e-mails-off")
    reply_from("charlie", mine, "Weight, and the steering.")
    wait_for(lambda: len(REPLY_NOTICE_DONE.findall(worker.output())) >= done_before + 2, 20)
    assert Comment.objects.get(body="Weight, and the steering.").status == Comment.Status.PUBLISHED
    assert len([m for m in mails_to(mailbox, address) if "replied to you" in m["Subject"]]) == 1


def delete_account(page, shoot, story, username: str) -> None:
    page.goto("/accounts/settings/")
    page.get_by_role("link", name="Delete my account…").click()
    page.get_by_label("Keep my published comments").check()
    page.fill("#id_password", NEW_PASSWORD)
    shoot(page, "delete-account")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account is deleted.")).to_be_visible()
    page.goto(story.get_absolute_url())
    kept = page.locator("li.comment").filter(has_text="light weight")
    expect(kept.locator(".comment-author")).to_have_text("deleted account")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_visible()
    shoot(page, "account-deleted")
    assert not get_user_model().objects.filter(username=username).exists()


@pytest.mark.parametrize("width", [1280, 375])
def test_a_reader_goes_from_sign_up_to_deleting_the_account(page, shoot, story, mail_worker, mailbox, width):
    page.set_viewport_size({"width": width, "height": 900})
    username, address = f"dana{width}", f"dana{width}@example.com"

    sign_up(page, shoot, username, address)
    verify_address(page, shoot, mailbox, address)
    reset_password(page, shoot, mailbox, username, address)
    comment_warn_edit_and_rescore(page, shoot, story)
    vote_and_sort_by_top(page, shoot)
    reply_e_mails_on_then_off(page, shoot, mailbox, mail_worker, address)
    delete_account(page, shoot, story, username)
