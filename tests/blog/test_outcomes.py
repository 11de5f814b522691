"""Honest outcomes: the author learns what happened in plain words; spam verdicts stay quiet."""
import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Comment
from moderation import outcomes, services
from moderation.models import AuditEntry
from tests.blog.builders import make_comment
from tests.moderation.builders import make_held
from tests.moderation.scorers import TaggedModel

Status = Comment.Status


def outcome_url(comment) -> str:
    return reverse("blog:comment_outcome", args=[comment.pk])


def page_for(client, user, article) -> str:
    client.force_login(user)
    return client.get(article.get_absolute_url()).content.decode()


def test_a_pending_comment_is_awaiting_review_and_not_final():
    outcome = outcomes.describe(Status.PENDING)

    assert (outcome.state, outcome.badge, outcome.final) == ("pending", "Awaiting review", False)


def test_a_collapsed_comment_says_where_it_is_folded():
    top = outcomes.describe(Status.PUBLISHED, collapsed=True)
    reply = outcomes.describe(Status.PUBLISHED, collapsed=True, top_level=False)

    assert top.state == "collapsed" and "“Show off-topic comment”" in top.message and top.final
    assert "“Show off-topic reply”" in reply.message


def test_a_held_comment_gives_its_reasons_in_plain_words():
    outcome = outcomes.describe(Status.HELD, codes=["off_topic", "new_commenter"])

    assert outcome.state == "held" and outcome.final
    assert "may be off-topic for this article and a new reader's first comments" in outcome.message


def test_a_spam_hold_reason_is_not_told_by_default(settings):
    quiet = outcomes.describe(Status.HELD, codes=["spam"])
    settings.PITLANE_SHOW_SPAM_VERDICT = True
    told = outcomes.describe(Status.HELD, codes=["spam"])

    assert "promotional" not in quiet.message and "Held for a moderator." in quiet.message
    assert "it looks promotional" in told.message


@pytest.mark.parametrize("status, reason", [(Status.SPAM, "spam"), (Status.REJECTED, "spam")])
def test_a_spam_verdict_reads_exactly_like_pending_by_default(status, reason):
    assert outcomes.describe(status, rejected_for=reason) == outcomes.describe(Status.PENDING)


def test_a_spam_verdict_is_told_when_the_setting_is_on(settings):
    settings.PITLANE_SHOW_SPAM_VERDICT = True

    outcome = outcomes.describe(Status.SPAM, rejected_for="spam")

    assert outcome.state == "rejected" and "it looks like spam" in outcome.message


def test_an_abusive_rejection_is_told(settings):
    outcome = outcomes.describe(Status.REJECTED, rejected_for=AuditEntry.Reason.ABUSIVE)

    assert outcome.state == "rejected" and "breaks the site rules on abuse" in outcome.message


def test_the_author_polls_the_outcome_until_the_worker_decides(client, alice, article):
    comment = make_comment(article, alice, "Drift test [drift 0.8]", status=Status.PENDING)
    client.force_login(alice)

    before = client.get(outcome_url(comment)).json()
    services.apply_scores([(comment.pk, TaggedModel()._score_one(comment.body))], "tagged-1")
    after = client.get(outcome_url(comment)).json()

    assert (before["state"], before["final"]) == ("pending", False)
    assert (after["state"], after["final"]) == ("held", True)
    assert "may be off-topic" in after["message"]


def test_a_spam_decision_polls_as_still_pending(client, alice, article):
    comment = make_comment(article, alice, "Cheap parts [spam 0.99]", status=Status.PENDING)
    client.force_login(alice)

    services.apply_scores([(comment.pk, TaggedModel()._score_one(comment.body))], "tagged-1")

    assert Comment.objects.get(pk=comment.pk).status == Status.SPAM
    assert client.get(outcome_url(comment)).json() == outcomes.describe(Status.PENDING).as_dict()


@pytest.mark.parametrize("who", [None, "bob"])
def test_nobody_else_learns_a_comments_outcome(client, alice, bob, article, who):
    comment = make_comment(article, alice, "Mine", status=Status.HELD)
    if who:
        client.force_login(bob)

    assert client.get(outcome_url(comment)).status_code == 404


def test_the_page_polls_only_own_undecided_comments_and_offers_a_reload(client, alice, bob, article):
    pending = make_comment(article, alice, "Waiting", status=Status.PENDING)
    make_comment(article, alice, "Out already")
    make_comment(article, bob, "Someone else's")

    html = page_for(client, alice, article)

    assert html.count("data-outcome-url=") == 1 and f'data-outcome-url="{outcome_url(pending)}"' in html
    assert 'Check again</a>' in html
    assert '<script src="/static/outcome.js" defer></script>' in html and "<script>" not in html


def test_the_page_shows_own_spam_as_awaiting_review(client, alice, article):
    make_comment(article, alice, "Buy now.", status=Status.SPAM)

    html = page_for(client, alice, article)

    assert "Awaiting review" in html and "status-pending" in html
    assert "spam" not in html.split('id="comments"', 1)[1].lower()


def test_the_author_is_told_a_comment_was_published_before_the_page_rendered(client, alice, bob, article):
    mine = make_comment(article, alice, "Decided by the worker before the redirect landed")
    theirs = make_comment(article, bob, "Bob's, just published too")
    Comment.objects.filter(pk__in=[mine.pk, theirs.pk]).update(created_at=timezone.now())

    html = page_for(client, alice, article)

    assert html.count("data-outcome-badge>Published</span>") == 1
    assert "Published: everyone can read it now." in html and "data-outcome-url=" not in html


def test_an_own_published_comment_says_nothing_once_its_edit_window_is_over(client, alice, article):
    make_comment(article, alice, "Posted two days ago")

    html = page_for(client, alice, article)

    assert "data-outcome-badge" not in html and "everyone can read it now" not in html


def test_the_page_and_profile_give_a_held_comments_reason(client, alice, article):
    make_held(article, alice, "Nothing to do with cars", codes=",off_topic,")

    html = page_for(client, alice, article)
    profile = client.get(reverse("profile")).content.decode()

    assert "because it may be off-topic for this article" in html
    assert "Held for review" in profile


def test_the_note_after_posting_tells_the_outcome_when_the_worker_was_quicker(alice, article):
    comment = make_comment(article, alice, "Off on a tangent [drift 0.5]", status=Status.PENDING)
    services.apply_scores([(comment.pk, TaggedModel()._score_one(comment.body))], "tagged-1")

    message = outcomes.posted_message(comment)

    assert message.startswith("Thanks for your comment. Published, folded behind “Show off-topic comment”")


def test_posting_says_the_comment_is_being_checked_while_it_is(client, alice, article):
    client.force_login(alice)

    response = client.post(reverse("blog:post_comment", args=[article.slug]), {"body": "Fair point."},
                           follow=True)

    assert "It is being checked; this page shows the result in a moment." in response.content.decode()
    assert "Thanks for your comment." not in response.content.decode()
