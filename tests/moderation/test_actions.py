"""Moderators' decisions: one winner per comment, an audit row for each, reports pull comments back."""

import pytest

from blog.models import Comment, ReaderProfile
from moderation import services
from moderation.models import AuditEntry, ModerationSettings, Review
from tests.blog.builders import make_comment, make_established_reader
from tests.moderation.builders import make_held


@pytest.fixture
def held(article, alice):
    return make_held(article, alice, "Check out my channel", spam=0.8, drift=0.2)


def status_of(comment: Comment) -> str:
    comment.refresh_from_db()
    return comment.status


def test_approve_publishes_and_records_who_when_and_scores(held, moderator):
    entry = services.approve(held.pk, moderator, expected="held")
    assert status_of(held) == "published"
    assert (entry.actor, entry.action, entry.from_status, entry.to_status) == (
        moderator,
        "approve",
        "held",
        "published",
    )
    assert (entry.model_version, entry.spam_score, entry.drift_score) == ("tagged-1", 0.8, 0.2)


def test_reject_records_reason_and_note(held, moderator):
    entry = services.reject(held.pk, moderator, "spam", note="  obvious channel plug ")
    assert status_of(held) == "rejected"
    assert (entry.reason, entry.note) == ("spam", "obvious channel plug")


def test_reject_without_a_known_reason_is_refused(held, moderator):
    with pytest.raises(services.CommentRejected):
        services.reject(held.pk, moderator, "boring")
    assert status_of(held) == "held"
    assert not AuditEntry.objects.exists()


def test_spam_and_ban_bans_the_author(held, moderator, alice):
    services.mark_spam_and_ban(held.pk, moderator)
    assert status_of(held) == "spam"
    assert ReaderProfile.objects.get(user=alice).banned


def test_second_moderator_is_told_who_handled_it_first(held, moderator, other_moderator):
    services.approve(held.pk, moderator, expected="held")
    with pytest.raises(services.AlreadyHandled, match="Already handled by mona"):
        services.reject(held.pk, other_moderator, "spam", expected="held")
    assert status_of(held) == "published"
    assert AuditEntry.objects.filter(comment=held).count() == 1


def test_same_action_twice_is_refused_not_repeated(held, moderator, other_moderator):
    services.approve(held.pk, moderator, expected="held")
    with pytest.raises(services.AlreadyHandled):
        services.approve(held.pk, other_moderator, expected="held")
    assert AuditEntry.objects.filter(comment=held).count() == 1


def test_moderator_can_overturn_a_model_rejection_from_the_state_they_saw(article, alice, moderator):
    comment = make_comment(article, alice, status="spam")
    services.approve(comment.pk, moderator, expected="spam")
    assert status_of(comment) == "published"


def test_approve_uncollapses_a_collapsed_comment(article, alice, moderator):
    comment = make_comment(article, alice, status="held", collapsed=True)
    services.approve(comment.pk, moderator)
    comment.refresh_from_db()
    assert not comment.collapsed


def test_bulk_action_handles_each_and_reports_refusals(article, alice, bob, moderator):
    first, second = make_held(article, alice), make_held(article, bob)
    removed = make_comment(article, bob, status="removed")
    done, refused = services.bulk_moderate(
        {first.pk: "held", second.pk: "held", removed.pk: "removed"}, "reject", moderator, "off_topic"
    )
    assert done == [first.pk, second.pk]
    assert len(refused) == 1 and f"#{removed.pk} skipped" in refused[0]
    assert {status_of(first), status_of(second)} == {"rejected"}


@pytest.fixture
def three_reports(db):
    ModerationSettings.objects.update_or_create(pk=1, defaults={"reports_to_hold": 3})


def test_reports_below_the_threshold_keep_the_comment_published(article, alice, bob, charlie, three_reports):
    comment = make_comment(article, alice)
    services.report_comment(comment.pk, bob.pk, "spam")
    services.report_comment(comment.pk, charlie.pk, "abusive")
    assert status_of(comment) == "published"
    assert Review.objects.get(comment=comment).open_reports == 2


def test_enough_reports_pull_a_published_comment_back_to_held(article, alice, three_reports):
    comment = make_comment(article, alice)
    for name in ("r1", "r2", "r3"):
        services.report_comment(comment.pk, make_established_reader(name, article).pk, "off_topic")
    assert status_of(comment) == "held"
    assert "reports" in Review.objects.get(comment=comment).codes
    entry = AuditEntry.objects.get(comment=comment)
    assert (entry.action, entry.from_status, entry.to_status) == ("reported", "published", "held")


def test_approving_a_reported_comment_dismisses_its_reports_once(
    article, alice, bob, moderator, other_moderator
):
    comment = make_comment(article, alice)
    services.report_comment(comment.pk, bob.pk, "spam")
    services.approve(comment.pk, moderator)
    assert Review.objects.get(comment=comment).open_reports == 0
    with pytest.raises(services.AlreadyHandled):
        services.approve(comment.pk, other_moderator)


def test_a_reader_reports_a_comment_only_once(article, alice, bob):
    comment = make_comment(article, alice)
    services.report_comment(comment.pk, bob.pk, "spam")
    with pytest.raises(services.AlreadyReported):
        services.report_comment(comment.pk, bob.pk, "spam")
    assert Review.objects.get(comment=comment).open_reports == 1
