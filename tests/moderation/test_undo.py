"""Undo: a moderator's own last decision goes back by a new audited transition; the original stays."""
import pytest
from django.urls import reverse

from blog.models import Comment, ReaderProfile
from moderation import services
from moderation.models import AuditEntry
from tests.moderation.builders import make_held


@pytest.fixture
def held(article, alice):
    return make_held(article, alice, "Check out my channel")


def status_of(comment: Comment) -> str:
    comment.refresh_from_db()
    return comment.status


def test_undo_puts_the_comment_back_and_keeps_the_original_in_the_audit(held, moderator):
    decision = services.approve(held.pk, moderator, expected="held")
    undone = services.undo(decision.pk, moderator)
    assert status_of(held) == "held"
    assert (undone.action, undone.from_status, undone.to_status) == ("undo", "published", "held")
    assert undone.undoes_id == decision.pk and undone.actor == moderator
    actions = AuditEntry.objects.filter(comment=held).values_list("action", flat=True)
    assert list(actions) == ["undo", "approve"]


def test_a_decision_is_undone_only_once(held, moderator):
    decision = services.reject(held.pk, moderator, "spam", expected="held")
    services.undo(decision.pk, moderator)
    with pytest.raises(services.AlreadyHandled, match="already undone"):
        services.undo(decision.pk, moderator)
    assert AuditEntry.objects.filter(comment=held, action="undo").count() == 1


def test_moderator_cannot_undo_someone_elses_decision(held, moderator, other_moderator):
    decision = services.approve(held.pk, moderator, expected="held")
    with pytest.raises(services.CommentRejected):
        services.undo(decision.pk, other_moderator)
    assert status_of(held) == "published"


def test_undo_is_refused_when_someone_acted_since(held, moderator, other_moderator):
    decision = services.approve(held.pk, moderator, expected="held")
    services.reject(held.pk, other_moderator, "off_topic", expected="published")
    with pytest.raises(services.AlreadyHandled, match="max"):
        services.undo(decision.pk, moderator)
    assert status_of(held) == "rejected"


def test_undoing_spam_and_ban_lifts_only_the_ban_it_placed(article, alice, bob, moderator):
    first = make_held(article, alice)
    decision = services.mark_spam_and_ban(first.pk, moderator, expected="held")
    services.undo(decision.pk, moderator)
    assert not ReaderProfile.objects.get(user=alice).banned

    ReaderProfile.objects.filter(user=bob).update(banned=True)
    second = make_held(article, bob)
    decision = services.mark_spam_and_ban(second.pk, moderator, expected="held")
    services.undo(decision.pk, moderator)
    assert ReaderProfile.objects.get(user=bob).banned  # banned before; the undo leaves that alone
    assert status_of(second) == "held"


def test_undone_decision_is_no_longer_a_training_label(held, moderator):
    from scoring.labels import training_rows

    decision = services.reject(held.pk, moderator, "spam", expected="held")
    assert [row["label"] for row in training_rows()] == ["spam"]
    services.undo(decision.pk, moderator)
    assert list(training_rows()) == []


def test_queue_offers_undo_of_the_last_decision_and_the_button_works(client, held, moderator):
    client.force_login(moderator)
    client.post(reverse("moderation:act", args=[held.pk]), {"action": "approve", "expected": "held"})
    recent = client.get(reverse("moderation:queue")).context["recent"]
    assert [(entry.comment_id, entry.undoable) for entry in recent] == [(held.pk, True)]
    response = client.post(reverse("moderation:undo", args=[recent[0].pk]), follow=True)
    assert f"comment #{held.pk} is held for review again" in response.content.decode()
    assert status_of(held) == "held"


def test_reader_cannot_undo(client, held, moderator, bob):
    decision = services.approve(held.pk, moderator, expected="held")
    client.force_login(bob)
    assert client.post(reverse("moderation:undo", args=[decision.pk])).status_code == 403
    assert status_of(held) == "published"
