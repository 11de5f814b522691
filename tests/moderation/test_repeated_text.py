"""Near-identical text from several accounts within a day is a spam wave or a brigade, held with a reason."""


import pytest

from blog.models import Comment
from moderation.models import Review
from tests.blog.builders import make_comment, make_reader
from tests.moderation.test_scoring import apply_score, score

pytestmark = pytest.mark.usefixtures("tagged_model")
WAVE = "Best deals on brake pads this week only, see our store for the full range of kits"


def test_the_same_text_from_two_other_accounts_holds_the_third_copy(article, alice, bob):
    make_comment(article, alice, WAVE)
    make_comment(article, bob, WAVE.upper() + "!!", status=Comment.Status.SPAM)
    third = make_comment(article, make_reader("carol"), WAVE.replace("kits", "kit"), status="pending")

    assert apply_score(third.pk, score(), "v1") == "held"

    review = Review.objects.get(comment=third)
    assert review.codes == ["repeated_text"]
    assert "posted by 2 other accounts" in review.reasons[0]


def test_one_author_repeating_themselves_or_an_old_copy_is_not_a_wave(article, alice, bob):
    make_comment(article, alice, WAVE)
    make_comment(article, bob, WAVE, minutes=-3 * 24 * 60)
    mine = make_comment(article, alice, WAVE, status="pending")

    assert apply_score(mine.pk, score(), "v1") == "published"
