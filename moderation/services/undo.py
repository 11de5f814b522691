"""Undo a moderator's own decision: a new audited transition back; the original stays in the audit."""
from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from moderation.models import DECISIONS, AuditEntry
from moderation.services.actions import BANNED_HERE
from moderation.services.core import AlreadyHandled, CommentRejected, transition
from moderation.services.sanctions import record_unban


def undo(entry_id: int, actor: Any) -> AuditEntry:
    """Put the comment back where the decision found it.

    1. Only the actor's own approve / reject / spam decisions, and only ones that moved the comment.
    2. Only while that decision is still the comment's latest entry: anything later (another moderator,
       reports) wins, and the undo is refused naming who.
    3. The conditional UPDATE back, plus an UNDO entry pointing at the decision (one undo per decision).
    4. A ban that this decision placed is lifted with it.
    """
    entry = _undoable(entry_id, actor)
    try:
        with transaction.atomic():
            undone = _transition_back(entry, actor)
            if entry.action == AuditEntry.Action.SPAM_BAN and BANNED_HERE in entry.details:
                why = f"undid spam + ban of comment #{entry.comment_id}"
                record_unban(undone.comment.author_id, actor, why)
    except IntegrityError as exc:  # a second undo of the same decision lost the race
        raise AlreadyHandled("That decision was already undone.") from exc
    return undone


def _undoable(entry_id: int, actor: Any) -> AuditEntry:
    """The actor's decision if it may be undone now (steps 1 and 2), else the refusal to show them."""
    entry = AuditEntry.objects.filter(pk=entry_id, actor_id=actor.pk, action__in=DECISIONS).first()
    if entry is None:
        raise CommentRejected("Only your own approve, reject and spam decisions can be undone.")
    if entry.from_status == entry.to_status:
        raise CommentRejected("That decision only dismissed reports; there is no status to put back.")
    if AuditEntry.objects.filter(undoes=entry).exists():
        raise AlreadyHandled("That decision was already undone.")
    latest = AuditEntry.objects.filter(comment_id=entry.comment_id).values_list("pk", flat=True).first()
    if latest != entry.pk:
        raise AlreadyHandled(_changed_since(entry))
    return entry


def _transition_back(entry: AuditEntry, actor: Any) -> AuditEntry:
    """Step 3: the conditional UPDATE back, its UNDO entry keeping the decision's scores."""
    undone = transition(
        entry.comment_id, (entry.to_status,), entry.from_status, AuditEntry.Action.UNDO,
        actor=actor, undoes=entry, note=f"Undid {entry.get_action_display().lower()}",
        model_version=entry.model_version, spam_score=entry.spam_score, drift_score=entry.drift_score,
    )
    if undone is None:
        raise AlreadyHandled(_changed_since(entry))
    return undone


def _changed_since(entry: AuditEntry) -> str:
    later = AuditEntry.objects.filter(comment_id=entry.comment_id).select_related("actor").first()
    who = later.actor.get_username() if later and later.actor else "the model"
    what = later.get_action_display().lower()
    return f"Comment #{entry.comment_id} changed since ({who}: {what}); not undone."
