"""A model's score becomes a decision exactly once, and never overrides a person."""

import pytest

from blog.models import Comment, ReaderProfile
from ml.types import Score
from moderation import services, worker
from moderation.models import AuditEntry, ModerationSettings, Review, ScoreRecord
from tests.blog.builders import make_article, make_comment

pytestmark = pytest.mark.usefixtures("tagged_model")


def score(spam: float = 0.05, drift: float = 0.05, reasons: tuple = ()) -> Score:
    return Score(
        spam_score=spam, drift_score=drift, spam=spam >= 0.5, off_topic=drift >= 0.7, reasons=reasons
    )


def apply_score(comment_id: int, score: Score, model_version: str, model_thresholds=None) -> str | None:
    """One comment's decision through the batch service the worker uses; its new status, or None."""
    return services.apply_scores([(comment_id, score)], model_version, model_thresholds).get(comment_id)


def status_of(comment: Comment) -> str:
    comment.refresh_from_db()
    return comment.status


def test_clean_comment_is_published_with_score_record_and_audit_row(pending):
    assert apply_score(pending.pk, score(), "v1") == "published"
    assert status_of(pending) == "published"
    record = ScoreRecord.objects.get(comment=pending)
    assert (record.model_version, record.spam_score) == ("v1", 0.05)
    entry = AuditEntry.objects.get(comment=pending)
    assert (entry.action, entry.actor, entry.from_status, entry.to_status) == (
        "scored",
        None,
        "pending",
        "published",
    )
    assert entry.model_version == "v1"


def test_spammy_comment_is_held_with_the_models_reasons(pending):
    apply_score(pending.pk, score(spam=0.8, reasons=("phrases typical of spam",)), "v1")
    assert status_of(pending) == "held"
    review = Review.objects.get(comment=pending)
    assert review.codes == ["spam"]
    assert "phrases typical of spam" in review.reasons[0]
    assert ScoreRecord.objects.get(comment=pending).reasons == ["phrases typical of spam"]


def test_near_certain_spam_lands_in_spam_status(pending):
    apply_score(pending.pk, score(spam=0.99), "v1")
    assert status_of(pending) == "spam"
    assert AuditEntry.objects.get(comment=pending).reason == "spam"


def test_mildly_off_topic_comment_is_published_collapsed(pending):
    apply_score(pending.pk, score(drift=0.5), "v1")
    pending.refresh_from_db()
    assert (pending.status, pending.collapsed) == ("published", True)


def test_blocked_word_rejects_as_abusive(pending):
    ModerationSettings.objects.update_or_create(pk=1, defaults={"blocked_words": "dealer"})
    apply_score(pending.pk, score(), "v1")
    assert status_of(pending) == "rejected"
    assert AuditEntry.objects.get(comment=pending).reason == "abusive"


def test_model_thresholds_are_used_when_the_admin_says_so(pending):
    apply_score(pending.pk, score(spam=0.3), "v1", model_thresholds={"spam": 0.25, "drift": 0.9})
    assert status_of(pending) == "held"


def test_admin_thresholds_win_when_model_thresholds_are_off(pending):
    ModerationSettings.objects.update_or_create(pk=1, defaults={"use_model_thresholds": False})
    apply_score(pending.pk, score(spam=0.3), "v1", model_thresholds={"spam": 0.25})
    assert status_of(pending) == "published"


def test_trusted_reader_is_published_but_still_scored(pending, alice):
    ReaderProfile.objects.filter(user=alice).update(trusted=True)
    apply_score(pending.pk, score(spam=0.9), "v1")
    assert status_of(pending) == "published"
    assert ScoreRecord.objects.filter(comment=pending).exists()


def test_banned_reader_is_rejected(pending, alice):
    ReaderProfile.objects.filter(user=alice).update(banned=True)
    apply_score(pending.pk, score(), "v1")
    assert status_of(pending) == "rejected"


def test_comment_on_premoderated_article_is_held(alice):
    article = make_article("premoderated", premoderate_all=True)
    comment = make_comment(article, alice, status="pending")
    apply_score(comment.pk, score(), "v1")
    assert Review.objects.get(comment=comment).codes == ["premoderated_article"]


def test_first_comments_of_a_new_reader_are_held_when_configured(pending):
    ModerationSettings.objects.update_or_create(pk=1, defaults={"premoderate_first": 1})
    apply_score(pending.pk, score(), "v1")
    assert Review.objects.get(comment=pending).codes == ["new_commenter"]


def test_duplicate_delivery_changes_nothing(pending):
    apply_score(pending.pk, score(), "v1")
    assert apply_score(pending.pk, score(spam=0.99), "v1") is None
    assert status_of(pending) == "published"
    assert ScoreRecord.objects.filter(comment=pending).count() == 1
    assert AuditEntry.objects.filter(comment=pending).count() == 1


def test_late_score_never_overrides_a_moderators_decision(pending, moderator):
    services.reject(pending.pk, moderator, "off_topic")
    assert apply_score(pending.pk, score(), "v1") is None
    assert status_of(pending) == "rejected"
    assert not ScoreRecord.objects.filter(comment=pending).exists()


def test_worker_scores_a_pending_comment_against_its_context(pending):
    pending.body = "Buy followers [spam 0.8]"
    pending.save()
    assert worker.score_pending(pending.pk) == "held"
    assert ScoreRecord.objects.get(comment=pending).model_version == "tagged-1"


def test_worker_does_nothing_for_a_decided_or_missing_comment(article, alice):
    published = make_comment(article, alice)
    assert worker.score_pending(published.pk) is None
    assert worker.score_pending(999_999) is None


def test_unscorable_comment_is_held_with_that_reason(pending):
    assert services.mark_unscorable(pending.pk, "ValueError: boom")
    assert status_of(pending) == "held"
    assert Review.objects.get(comment=pending).codes == ["unscorable"]
    assert AuditEntry.objects.get(comment=pending).details[0] == services.UNSCORABLE


def test_stale_pending_comments_are_found_for_the_sweeper(article, alice):
    from datetime import timedelta

    from django.utils import timezone

    old = make_comment(
        article, alice, status="pending", status_changed_at=timezone.now() - timedelta(minutes=5)
    )
    make_comment(article, alice, status="pending")
    assert services.stale_pending_ids(timedelta(minutes=1)) == [old.pk]


def test_worker_scores_other_waiting_comments_in_the_same_batch(article, alice):
    first, second, third = (make_comment(article, alice, f"on topic {i}", status="pending") for i in range(3))
    assert worker.score_pending(second.pk) == "published"
    assert {status_of(first), status_of(third)} == {"published"}
    assert worker.score_pending(first.pk) is None
    assert ScoreRecord.objects.count() == 3


def test_a_poisoned_comment_in_a_batch_does_not_block_the_others(article, alice):
    poisoned = make_comment(article, alice, "[crash]", status="pending")
    fine = make_comment(article, alice, "fine", status="pending")
    assert worker.score_pending(fine.pk) == "published"
    assert status_of(poisoned) == "pending"


def test_batch_size_setting_caps_the_batch(article, alice, settings):
    settings.PITLANE_SCORE_BATCH = 2
    comments = [make_comment(article, alice, f"c{i}", status="pending") for i in range(4)]
    worker.score_pending(comments[0].pk)
    assert Comment.objects.filter(status="pending").count() == 2
