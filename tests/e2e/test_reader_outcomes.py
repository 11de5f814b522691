"""A reader posts and learns the real outcome without reloading: real chromium, Redis and Celery worker."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from blog.models import Comment
from tests.blog.builders import PASSWORD, make_article, make_comment, make_reader
from tests.integration.conftest import redis_server, wait_for, worker  # noqa: F401  (fixtures used below)
from tests.moderation.broker import point_app_at

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture(autouse=True)
def quiet_broker(redis_server):  # noqa: F811
    """Here new comments go to the real worker through the private Redis (the module default is memory)."""
    previous = point_app_at(redis_server.url)
    yield
    point_app_at(previous)


@pytest.fixture
def story(transactional_db):
    body = "Alpine sold more A110s than ever.\n\nThe mid-engined coupe carried the year."
    article = make_article("alpine-a110-record-year", title="Alpine's record year", body=body)
    make_comment(article, make_reader("bob"), "The A110 is the best-handling car under 60k.")
    make_reader("alice")
    return article


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name=f"@{username}")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_author_sees_the_outcome_appear_without_reloading(page, shoot, story, worker, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "alice")
    page.goto(story.get_absolute_url())

    page.fill("#id_body", "Slot cars were my childhood, and I still race them on Sundays [drift 0.8]")
    page.get_by_role("button", name="Post comment").click()
    mine = page.locator("li.comment.own").filter(has_text="Slot cars")
    expect(mine.locator("[data-outcome-badge]")).to_have_text("Held for review", timeout=20_000)
    expect(mine.locator("[data-outcome-note]")).to_contain_text("it may be off-topic for this article")
    shoot(page, f"held-outcome-{width}")

    page.fill("#id_body", "Cheap parts here www.cheap-parts.example [spam 0.99]")
    page.get_by_role("button", name="Post comment").click()
    spam = page.locator("li.comment.own").filter(has_text="Cheap parts")
    expect(spam).to_be_visible()  # the post's redirect has landed: reloading now reloads that page
    wait_for(lambda: Comment.objects.filter(body__contains="Cheap parts", status="spam").exists(), 20)
    page.reload()
    expect(spam.locator("[data-outcome-badge]")).to_have_text("Awaiting review")
    quiet = re.compile(r"^Awaiting review: it is being checked")
    expect(spam.locator("[data-outcome-note]")).to_have_text(quiet)
    shoot(page, f"spam-stays-quiet-{width}")


def test_the_author_edits_within_the_window_sees_it_rescored_and_deletes_it(page, shoot, story, worker):  # noqa: F811
    log_in(page, "alice")
    page.goto(story.get_absolute_url())
    page.fill("#id_body", "Alpine should build a four-seat A110 for families.")
    page.get_by_role("button", name="Post comment").click()
    mine = page.locator("li.comment.own").filter(has_text="four-seat A110")
    expect(mine.locator("[data-outcome-badge]")).to_have_text("Published", timeout=20_000)

    mine.get_by_role("link", name="Edit").click()
    page.locator("form.inline-comment-form textarea[name=body]").fill(
        "Alpine should build a four-seat A110. Also, my cat likes slot cars [drift 0.8]")
    shoot(page, "editing")
    page.get_by_role("button", name="Save changes").click()
    edited = page.locator("li.comment.own").filter(has_text="my cat likes slot cars")
    expect(edited.locator("[data-outcome-badge]")).to_have_text("Held for review", timeout=20_000)
    expect(edited.locator(".edited")).to_have_text("edited")
    shoot(page, "edited-and-held")

    edited.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Delete comment").click()
    expect(page.get_by_text("Comment deleted by its author.")).to_be_visible()
    expect(page.get_by_text("my cat likes slot cars")).to_have_count(0)
    shoot(page, "deleted")


@pytest.mark.parametrize("width", [1280, 375])
def test_a_reader_up_votes_and_sorts_by_top(page, shoot, story, width):
    make_comment(story, make_reader("charlie"), "Dealers will decide this, not the car.", minutes=5)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "alice")
    page.goto(story.get_absolute_url())

    charlies = page.locator("li.comment").filter(has_text="Dealers will decide")
    charlies.get_by_role("button", name="Up-vote").click()
    charlies = page.locator("li.comment").filter(has_text="Dealers will decide")
    expect(charlies.get_by_role("button", name="Up-voted")).to_be_disabled()
    expect(charlies.locator(".votes")).to_have_text("▲ 1")

    page.get_by_role("link", name="Top").click()
    expect(page.locator("li.comment").first).to_contain_text("Dealers will decide")
    shoot(page, f"top-sort-{width}")
