from blog.models import Comment
from moderation import inputs
from tests.blog.builders import make_article, make_comment


def test_a_new_comment_is_read_in_the_discussion_of_published_comments(article, alice, bob):
    make_comment(article, alice, "The dealer network matters more than the price.", minutes=1)
    make_comment(article, alice, "This one was held.", status=Comment.Status.HELD, minutes=2)
    new = make_comment(
        article, bob, "Service is what dealers sell.", status=Comment.Status.PENDING, minutes=3
    )

    (given,) = inputs.comment_inputs([new])

    assert "dealer network matters" in given.discussion
    assert "was held" not in given.discussion
    assert given.discussion.endswith("Service is what dealers sell.")


def test_the_first_comment_under_an_article_has_no_discussion(article, bob):
    other = make_article("another-story")
    make_comment(other, bob, "Published elsewhere.")
    new = make_comment(article, bob, "First!", status=Comment.Status.PENDING)

    (given,) = inputs.comment_inputs([new])

    assert given.discussion == ""


def test_comments_of_one_batch_are_not_each_others_published_discussion(article, alice, bob):
    first = make_comment(article, alice, "Pending one.", status=Comment.Status.PENDING)
    second = make_comment(article, bob, "Pending two.", status=Comment.Status.PENDING, minutes=1)

    given = inputs.comment_inputs([first, second])

    assert [c.discussion for c in given] == ["", ""]


def test_a_reply_carries_its_parent_grandparent_and_published_sub_thread(article, alice, bob, charlie):
    top = make_comment(article, alice, "Top-level question about clutch judder.", minutes=1)
    answer = make_comment(article, bob, "Check the flywheel first.", parent=top, minutes=2)
    aside = make_comment(article, charlie, "Mine did the same at 80k.", parent=top, minutes=3)
    make_comment(article, charlie, "Held aside.", parent=top, status=Comment.Status.HELD, minutes=4)
    make_comment(article, alice, "Another thread entirely.", minutes=5)
    new = make_comment(
        article, alice, "Flywheel it was.", parent=answer, status=Comment.Status.PENDING, minutes=6
    )

    given = inputs.comment_input(new)

    assert (given.parent_body, given.grandparent_body) == (answer.body, top.body)
    assert given.subthread == (aside.body,)


def test_the_models_drift_bands_collapse_from_its_decision_and_hold_when_confident(db):
    from moderation.models import ModerationSettings

    row = ModerationSettings.load()
    row.use_model_thresholds = True
    row.save()

    settings = inputs.policy_settings({"spam": 0.6, "drift": 0.55, "drift_hold": 0.9})

    assert (settings.drift_collapse, settings.drift_hold) == (0.55, 0.9)
