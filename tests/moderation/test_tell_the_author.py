"""Telling the author: a public explanation on reject, kept apart from the internal note; and
approving as collapsed."""
import pytest
from django.urls import reverse

from blog.models import Comment
from moderation import services
from moderation.models import AuditEntry
from moderation.outcomes import outcome_of
from scoring.labels import training_rows
from tests.moderation.builders import make_held


@pytest.fixture
def held(article, alice):
    return make_held(article, alice, "Tesla owners are all fools", codes=",off_topic,")


def test_author_sees_the_explanation_beside_the_comment_and_never_the_internal_note(
    client, held, alice, moderator
):
    client.force_login(moderator)
    client.post(reverse("moderation:act", args=[held.pk]), {
        "action": "reject", "reason": "abusive", "expected": "held",
        "explanation": "Please argue with the point, not the people.",
        "note": "Third insult this week; consider a suspension.",
    })
    entry = AuditEntry.objects.get(comment=held)
    assert entry.explanation == "Please argue with the point, not the people."
    assert entry.note == "Third insult this week; consider a suspension."
    client.force_login(alice)
    page = client.get(held.article.get_absolute_url()).content.decode()
    assert "The moderator explains: “Please argue with the point, not the people.”" in page
    assert "Third insult" not in page
    assert "Third insult" not in client.get(reverse("profile")).content.decode()


def test_other_readers_never_see_the_explanation(client, held, bob, moderator):
    services.reject(held.pk, moderator, "abusive", explanation="Argue with the point.", expected="held")
    client.force_login(bob)
    assert "Argue with the point" not in client.get(held.article.get_absolute_url()).content.decode()


def test_hidden_spam_verdicts_keep_the_explanation_hidden_too(held, moderator, settings):
    settings.PITLANE_SHOW_SPAM_VERDICT = False
    services.reject(held.pk, moderator, "spam", explanation="Looks like an ad.", expected="held")
    held.refresh_from_db()
    assert "Looks like an ad" not in outcome_of(held).message


def test_the_queue_labels_the_note_internal_and_the_explanation_public(client, held, moderator):
    client.force_login(moderator)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert "Internal note <span class=\"muted\">(moderators only)</span>" in page
    assert "Explanation to the author <span class=\"muted\">(public)</span>" in page


def test_audit_log_shows_both_kept_apart(client, held, moderator):
    services.reject(
        held.pk, moderator, "abusive", "internal remark", explanation="public word", expected="held"
    )
    client.force_login(moderator)
    page = client.get(reverse("moderation:audit")).content.decode()
    assert "To the author: “public word”" in page and "Internal: internal remark" in page


def test_bulk_reject_carries_the_explanation_to_each_author(client, article, alice, bob, moderator):
    first, second = make_held(article, alice), make_held(article, bob)
    client.force_login(moderator)
    client.post(reverse("moderation:bulk"), {
        "action": "reject", "reason": "off_topic", "explanation": "Stay on the Alpine, please.",
        "ids": [f"{first.pk}:held", f"{second.pk}:held"],
    })
    explanations = set(AuditEntry.objects.values_list("explanation", flat=True))
    assert explanations == {"Stay on the Alpine, please."}


def test_approve_as_collapsed_publishes_folded_and_implies_no_training_label(client, held, moderator):
    client.force_login(moderator)
    url = reverse("moderation:act", args=[held.pk])
    client.post(url, {"action": "approve_collapsed", "expected": "held"})
    held.refresh_from_db()
    assert (held.status, held.collapsed) == (Comment.Status.PUBLISHED, True)
    entry = AuditEntry.objects.get(comment=held)
    assert (entry.action, entry.reason, entry.actor) == ("approve", "off_topic", moderator)
    assert list(training_rows()) == []


def test_plain_approve_unfolds_and_is_a_ham_label(held, moderator):
    services.approve(held.pk, moderator, expected="held")
    held.refresh_from_db()
    assert not held.collapsed
    assert [row["label"] for row in training_rows()] == ["ham"]
