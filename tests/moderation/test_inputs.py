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
