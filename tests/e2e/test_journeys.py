"""A reader and a moderator use the site in a real chromium, as people would."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from blog.demo import load_demo
from blog.models import Comment, Report
from moderation.models import AuditEntry
from tests.blog.builders import PASSWORD, make_reader
from tests.moderation.builders import make_held, make_moderator

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    load_demo()


def test_reader_signs_up_comments_replies_and_reports(page, shoot, demo):
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.fill("#id_username", "dana")
    page.fill("#id_password1", "a-long-unusual-pass-42")
    page.fill("#id_password2", "a-long-unusual-pass-42")
    shoot(page, "signup")
    page.get_by_role("button", name=re.compile("Sign up|Create", re.I)).click()
    expect(page.get_by_text("Welcome to Pitlane, dana.")).to_be_visible()

    page.locator(".story-list h2 a, h2 a").first.click()
    expect(page.locator("h1")).to_be_visible()
    shoot(page, "demo-article")

    page.fill("#id_body", "The pricing makes sense once you look at the residuals.")
    page.get_by_role("button", name="Post comment").click()
    own = page.locator("li.comment.own").filter(has_text="look at the residuals")
    expect(own.locator(".badge-pending")).to_have_text("Awaiting review")
    shoot(page, "comment-awaiting-review")

    thread = page.locator("li.comment.status-published").first
    thread.get_by_role("link", name="Reply").click()
    reply_box = page.locator("form.inline-comment-form textarea[name=body]")
    reply_box.fill("Agreed, and the dealer network matters too.")
    page.get_by_role("button", name="Post reply").click()
    reply = page.locator("li.comment.own").filter(has_text="dealer network matters")
    expect(reply.locator(".badge-pending")).to_have_text("Awaiting review")
    expect(reply).to_have_class(re.compile(r"\bindent-[1-9]"))  # nested under the thread
    shoot(page, "reply-awaiting-review")

    other = page.locator("li.comment.status-published:not(.own)").nth(1)
    other.get_by_role("link", name="Report").click()
    page.locator("form.inline-comment-form select[name=reason]").select_option("off_topic")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("Thanks for the report")).to_be_visible()
    shoot(page, "reported")

    assert Comment.objects.filter(author__username="dana", status="pending").count() == 2
    assert Report.objects.filter(reporter__username="dana", reason="off_topic").count() == 1


@pytest.fixture
def queue(transactional_db):
    from tests.blog.builders import make_article

    article = make_article("alpine-a110-record-year", title="Alpine's record year rides on one car")
    spammer = make_reader("spammer")
    held = [make_held(article, spammer, f"Held comment number {i} www.cheap-parts.example/{i}")
            for i in range(6)]
    return {"moderator": make_moderator("mona"), "held": held}


def test_moderator_works_the_queue_by_keyboard_bulk_rejects_and_reads_the_audit_log(page, shoot, queue):
    page.goto("/accounts/login/?next=/moderation/")
    page.fill("#id_username", "mona")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    items = page.locator("[data-item]")
    expect(items).to_have_count(6)
    shoot(page, "queue")

    page.locator("body").focus()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(items.first).to_have_attribute("aria-selected", "true")
    page.keyboard.press("a")  # approve the first
    expect(items).to_have_count(5)
    shoot(page, "approved")

    page.keyboard.press("j")
    page.keyboard.press("r")  # focus the reject reason, pick one with the arrow keys, Enter submits
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(items).to_have_count(4)
    shoot(page, "rejected")

    page.on("dialog", lambda dialog: dialog.accept())
    page.keyboard.press("j")
    page.keyboard.press("s")  # spam + ban, after the confirm dialog
    expect(items).to_have_count(3)
    shoot(page, "spam-banned")

    # The focus stayed in place: on the last item, the one after the spam. Select it and the one above.
    page.keyboard.press("x")  # select for the bulk action
    page.keyboard.press("k")
    page.keyboard.press("x")
    page.locator("#bulk-form select[name=action]").select_option("reject")
    page.locator("#bulk-form select[name=reason]").select_option("spam")
    page.locator("#bulk-form button[type=submit]").click()
    expect(items).to_have_count(1)
    shoot(page, "bulk-rejected")

    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("body")).to_contain_text("mona")
    shoot(page, "audit-log")

    actions = sorted(AuditEntry.objects.filter(actor__username="mona").values_list("action", flat=True))
    assert actions == ["approve", "reject", "reject", "reject", "spam_ban"]
