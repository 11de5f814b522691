"""The moderator works ten items by keyboard only, the focus staying in place; undoes a decision; and a
bulk action skips the item another moderator changed meanwhile. Screenshots at 1280 and 375 px."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from blog.models import Comment
from moderation import services
from tests.blog.builders import PASSWORD, make_article, make_reader
from tests.moderation.builders import make_held, make_moderator

pytestmark = pytest.mark.browser


@pytest.fixture
def busy_queue(transactional_db):
    article = make_article("alpine-a110-record-year", title="Alpine's record year rides on one car")
    spammer = make_reader("spammer")
    held = [make_held(article, spammer, f"Held comment number {i} www.cheap-parts.example/{i}")
            for i in range(14)]
    return {"moderator": make_moderator("mona"), "other": make_moderator("max"), "held": held}


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.closest('[data-item]')?.id || ''")


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")


def test_keyboard_through_ten_items_with_focus_in_place_undo_and_bulk_skip(page, shoot, busy_queue):
    held = busy_queue["held"]
    log_in(page, "mona")
    page.wait_for_url("**/moderation/")
    items = page.locator("[data-item]")
    expect(items).to_have_count(14)
    expect(page.locator(".nav-count")).to_have_text("14")

    page.locator("body").focus()
    page.keyboard.press("j")
    page.keyboard.press("j")  # on the second item
    assert focused_id(page) == f"item-{held[1].pk}"
    # Ten items by keyboard: approve or skip, and after each action the focus is on the item that
    # followed, not back at the top.
    expected_focus = 1
    for step in range(10):
        if step % 3 == 2:
            page.keyboard.press("j")
            expected_focus += 1
            assert focused_id(page) == f"item-{held[expected_focus].pk}"
            continue
        page.keyboard.press("a")
        expected_focus += 1
        page.wait_for_url(f"**#item-{held[expected_focus].pk}")
        expect(page.locator(f"#item-{held[expected_focus].pk}")).to_be_focused()
    shoot(page, "after-ten")
    approved = set(Comment.objects.filter(status="published").values_list("pk", flat=True))
    skipped = {held[3].pk, held[6].pk, held[9].pk}
    assert approved == {comment.pk for comment in held[1:11]} - skipped
    last_approved = held[expected_focus - 1]

    page.keyboard.press("u")  # undo the last decision
    expect(page.get_by_text(f"comment #{last_approved.pk} is held for review again")).to_be_visible()
    assert Comment.objects.get(pk=last_approved.pk).status == "held"
    shoot(page, "undone")

    page.locator("body").focus()
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    selected = page.locator("[data-select]:checked")
    expect(selected).to_have_count(2)
    changed_pk = int(selected.first.get_attribute("value").split(":")[0])
    services.approve(changed_pk, busy_queue["other"], expected="held")  # max, in another tab
    page.locator("#bulk-form select[name=action]").select_option("reject")
    page.locator("#bulk-form select[name=reason]").select_option("spam")
    page.locator("#bulk-form button[type=submit]").click()
    expect(page.get_by_text(f"#{changed_pk} skipped: Already handled by max")).to_be_visible()
    assert Comment.objects.get(pk=changed_pk).status == "published"
    shoot(page, "bulk-skipped")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(page, "queue-375")
    for path, step in (("/moderation/audit/", "audit-375"),
                       ("/moderation/?tab=needs_label", "needs-a-label-375"),
                       ("/moderation/words/", "word-lists-375"),
                       ("/moderation/link-domains/", "link-domains-375"),
                       (f"/moderation/readers/{held[0].author_id}/", "dossier-375"),
                       (held[1].article.get_absolute_url(), "article-tools-375")):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
        shoot(page, step)
    page.locator(".mod-tools summary").first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(page, "article-tools-open-375")
