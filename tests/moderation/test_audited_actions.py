"""Every action a moderator takes from the moderation pages leaves its audit record, naming who did it:
comment decisions and their undo in the audit log, sanctions in the reader's history, word-list and
link-domain changes in their own change logs."""
import pytest
from django.urls import reverse

from blog.models import Comment
from moderation import services
from moderation.models import AuditEntry, LinkDomainChange, ReaderNote, Sanction, WordListChange
from tests.moderation.builders import make_held

Kind = Sanction.Kind


@pytest.fixture
def mona(client, moderator):
    client.force_login(moderator)
    return client


@pytest.mark.parametrize(("data", "action", "to_status"), [
    ({"action": "approve"}, "approve", "published"),
    ({"action": "approve_collapsed"}, "approve", "published"),
    ({"action": "reject", "reason": "off_topic", "note": "internal", "explanation": "Stay on topic."},
     "reject", "rejected"),
    ({"action": "spam"}, "spam_ban", "spam"),
])
def test_each_decision_on_a_comment_is_audited_with_the_moderator(
    mona, moderator, article, alice, data, action, to_status
):
    held = make_held(article, alice, "Held comment")
    mona.post(reverse("moderation:act", args=[held.pk]), {**data, "expected": "held"})
    entry = AuditEntry.objects.get(comment=held, actor=moderator)
    assert (entry.action, entry.from_status, entry.to_status) == (action, "held", to_status)
    assert (entry.spam_score, entry.model_version) == (0.8, "tagged-1")  # what the model said, kept
    assert f"#{held.pk}" in mona.get(reverse("moderation:audit")).content.decode()


def test_a_bulk_action_audits_each_comment(mona, moderator, article, alice):
    first, second = make_held(article, alice, "One"), make_held(article, alice, "Two")
    mona.post(reverse("moderation:bulk"), {"action": "reject", "reason": "spam",
                                           "ids": [f"{first.pk}:held", f"{second.pk}:held"]})
    rejected = AuditEntry.objects.filter(actor=moderator, action="reject").values_list("comment", flat=True)
    assert set(rejected) == {first.pk, second.pk}


def test_an_undo_is_its_own_audit_entry_and_keeps_the_original(mona, moderator, article, alice):
    held = make_held(article, alice, "Held comment")
    decision = services.approve(held.pk, moderator)
    mona.post(reverse("moderation:undo", args=[decision.pk]))
    undo = AuditEntry.objects.get(action="undo")
    assert (undo.actor, undo.undoes, undo.to_status) == (moderator, decision, "held")
    assert AuditEntry.objects.filter(pk=decision.pk).exists()
    assert Comment.objects.get(pk=held.pk).status == "held"


@pytest.mark.parametrize(("kind", "before"), [
    (Kind.SUSPEND, None), (Kind.LIFT_SUSPENSION, Kind.SUSPEND), (Kind.PREMODERATE, None),
    (Kind.LIFT_PREMODERATION, Kind.PREMODERATE), (Kind.BAN, None), (Kind.UNBAN, Kind.BAN),
    (Kind.TRUST, None), (Kind.UNTRUST, Kind.TRUST),
])
def test_each_sanction_given_or_lifted_from_the_dossier_is_recorded_with_the_moderator(
    mona, moderator, alice, kind, before
):
    if before:
        services.sanction(alice.pk, before, moderator, "Earlier", services.suspension_end("24h"))
    data = {"kind": kind, "reason": "Insults", "duration": "24h"}
    mona.post(reverse("moderation:sanction", args=[alice.pk]), data)
    latest = Sanction.objects.filter(reader=alice).first()
    assert (latest.kind, latest.actor, latest.reason) == (kind, moderator, "Insults")
    assert "Insults" in mona.get(reverse("moderation:dossier", args=[alice.pk])).content.decode()


def test_a_private_note_on_a_reader_names_its_author(mona, moderator, alice):
    mona.post(reverse("moderation:reader_note", args=[alice.pk]), {"text": "Polite so far."})
    assert ReaderNote.objects.get(reader=alice).author == moderator


def test_a_word_list_change_is_recorded_with_before_and_after(mona, moderator):
    mona.post(reverse("moderation:word_lists"), {"banned_words": "", "blocked_words": "casino", "save": "1"})
    change = WordListChange.objects.get()
    assert (change.actor, change.blocked_before, change.blocked_after) == (moderator, "", "casino")


def test_a_link_domain_change_is_recorded_with_the_moderator(mona, moderator):
    mona.post(reverse("moderation:link_domains"), {"domain": "https://parts.example/x", "allowed": "1",
                                                    "note": "a supplier"})
    change = LinkDomainChange.objects.get()
    assert (change.domain, change.allowed, change.actor, change.note) == ("parts.example", True, moderator,
                                                                          "a supplier")
