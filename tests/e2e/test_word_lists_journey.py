"""A moderator blocks a word with a preview of its effect; a comment hiding it with a zero-width space
is still rejected. Screenshots at 1280 and 375 px."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from blog.models import Comment
from moderation import services
from moderation.models import WordListChange
from tests.blog.builders import PASSWORD, make_article, make_comment, make_reader
from tests.moderation.builders import make_moderator

pytestmark = pytest.mark.browser


def test_word_list_change_with_preview_blocks_a_disguised_word(page, shoot, transactional_db):
    article = make_article("alpine-a110-record-year", title="Alpine's record year rides on one car")
    spammer = make_reader("spammer")
    make_comment(article, spammer, "Best ca\u200bsino bonus, click here")
    make_moderator("mona")
    page.goto("/accounts/login/?next=/moderation/words/")
    page.fill("#id_username", "mona")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.fill("textarea[name=blocked_words]", "casino")
    page.get_by_role("button", name="Preview the last 7 days").click()
    expect(page.locator(".word-preview")).to_contain_text("rejected 1")
    expect(page.locator(".word-preview")).to_contain_text("Best ca")
    shoot(page, "preview")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Word lists saved")).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(page, "saved-375")
    assert WordListChange.objects.get().blocked_after == "casino"

    disguised = make_comment(article, spammer, "New ca\u200bsino with free spins", status="pending")
    clean_score = SimpleNamespace(spam_score=0.01, drift_score=0.01, reasons=[])
    decided = services.apply_scores([(disguised.pk, clean_score)], "tagged-1")
    assert decided == {disguised.pk: Comment.Status.REJECTED}
