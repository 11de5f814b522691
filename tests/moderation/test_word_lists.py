"""Word lists from the moderation UI: wildcards, the one normalisation, a preview, an audited save."""
import pytest
from django.urls import reverse

from moderation import policy
from moderation.models import ModerationSettings, WordListChange
from moderation.services import word_lists
from tests.blog.builders import make_comment

WORDS = reverse("moderation:word_lists")


@pytest.mark.parametrize(("body", "word"), [
    ("Get FREEBIES here", "free*"),
    ("buy bitcoin today", "*coin"),
    ("best ca\u200bsino bonus", "casino"),   # zero-width space
    ("best cas\u00adino bonus", "casino"),   # soft hyphen
    ("best c\u0430sino bonus", "casino"),    # Cyrillic a
    ("best ｃａｓｉｎｏ bonus", "casino"),      # full-width
])
def test_listed_words_match_through_wildcards_and_disguises(body, word):
    assert policy.matched_words(body, [word]) == [word]


@pytest.mark.parametrize(
    ("body", "word"), [("freedom matters", "free"), ("anything", "*"), ("cassino", "casino")]
)
def test_listed_words_match_whole_words_only(body, word):
    assert policy.matched_words(body, [word]) == []


def test_preview_counts_what_the_new_lists_would_newly_hold_or_reject(article, alice, bob):
    ModerationSettings.objects.update_or_create(pk=1, defaults={"banned_words": "crypto"})
    make_comment(article, alice, "Try my ca\u200bsino")
    make_comment(article, bob, "Crypto is the future")  # already held by the list in force
    make_comment(article, bob, "Freebies at my shop")
    make_comment(article, alice, "A fine car")
    result = word_lists.preview("crypto\nfree*", "casino")
    assert (result.checked, result.held, result.rejected) == (4, 1, 1)
    assert {(outcome, tuple(words)) for _, outcome, words in result.examples} == {
        ("rejected", ("casino",)), ("held", ("free*",)),
    }


def test_saving_is_audited_with_before_and_after(moderator):
    ModerationSettings.objects.update_or_create(pk=1, defaults={"banned_words": "old"})
    word_lists.save_word_lists(moderator, "old\nfree*", "casino")
    settings = ModerationSettings.load()
    assert (settings.banned_words, settings.blocked_words) == ("old\nfree*", "casino")
    change = WordListChange.objects.get()
    assert (change.actor, change.banned_before, change.banned_after) == (moderator, "old", "old\nfree*")


def test_page_previews_without_saving_then_saves(client, article, alice, moderator):
    make_comment(article, alice, "Best cаsino bonus")  # Cyrillic а
    client.force_login(moderator)
    response = client.post(WORDS, {"banned_words": "", "blocked_words": "casino", "preview": "1"})
    page = response.content.decode()
    assert "rejected 1</strong>" in page
    assert ModerationSettings.load().blocked_words == "" and not WordListChange.objects.exists()
    client.post(WORDS, {"banned_words": "", "blocked_words": "casino", "save": "1"})
    assert ModerationSettings.load().blocked_words == "casino"
    assert WordListChange.objects.get().actor == moderator


def test_readers_cannot_see_or_change_the_lists(client, bob):
    client.force_login(bob)
    assert client.get(WORDS).status_code == 403
    assert client.post(WORDS, {"blocked_words": "x", "save": "1"}).status_code == 403
    assert not WordListChange.objects.exists()


def test_site_admin_may_edit_too(client, site_admin):
    client.force_login(site_admin)
    client.post(WORDS, {"banned_words": "spam*", "blocked_words": "", "save": "1"})
    assert ModerationSettings.load().banned_words == "spam*"
