"""A moderator suspends a reader for 24 hours from the queue's dossier link; the reader sees the notice
with the reason and end time and cannot post. Screenshots at 1280 and 375 px."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from blog.models import Comment
from moderation.models import Sanction
from tests.blog.builders import PASSWORD, make_article, make_reader
from tests.moderation.builders import make_held, make_moderator

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    article = make_article("alpine-a110-record-year", title="Alpine's record year rides on one car")
    troll = make_reader("troll")
    make_held(article, troll, "You are all idiots for buying French cars")
    make_moderator("mona")
    return {"article": article, "troll": troll}


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_timed_suspension_from_the_dossier_and_the_readers_notice(browser, live_server, shoot, world):
    moderator = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = moderator.new_page()
    log_in(page, "mona")
    page.get_by_role("link", name="Dossier of troll").click()
    expect(page.locator("h1")).to_have_text("Dossier: troll")
    page.select_option("select[name=kind]", "suspend")
    page.select_option("select[name=duration]", "24h")
    page.fill("input[name=reason]", "Insults towards other readers")
    shoot(page, "dossier-filled")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("Suspended: troll.")).to_be_visible()
    expect(page.locator(".dossier-flags")).to_contain_text("Suspended until")
    expect(page.locator(".dossier-list").first).to_contain_text("Insults towards other readers")
    shoot(page, "dossier-suspended")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(page, "dossier-375")
    moderator.close()

    reader = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 800})
    page = reader.new_page()
    log_in(page, "troll")
    page.goto(world["article"].get_absolute_url())
    notice = page.locator("[data-sanction=suspend]")
    expect(notice).to_contain_text("You are suspended from commenting.")
    expect(notice).to_contain_text("Insults towards other readers")
    expect(notice.locator("time")).to_be_visible()
    page.fill("#id_body", "Let me back in")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("You are suspended from commenting until")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(page, "reader-notice-375")
    reader.close()

    assert not Comment.objects.filter(author=world["troll"], body="Let me back in").exists()
    assert Sanction.objects.get(reader=world["troll"]).actor.username == "mona"
