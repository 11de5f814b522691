"""Word lists edited from the moderation UI: a preview of their effect, then an audited save."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from blog.models import Comment
from moderation import policy
from moderation.models import ModerationSettings, WordListChange

PREVIEW_DAYS = 7
PREVIEW_LIMIT = 5000  # the newest comments of the window; bounded work whatever the traffic
EXAMPLES = 5
MAX_WORDS = 500


@dataclass
class Preview:
    """What the new lists would have done to the last week's comments that the current lists let by."""

    checked: int = 0
    held: int = 0
    rejected: int = 0
    examples: list[tuple[Comment, str, list[str]]] = field(default_factory=list)


def preview(banned_text: str, blocked_text: str, days: int = PREVIEW_DAYS) -> Preview:
    """Count the last `days` days' comments the new lists would newly hold or reject, with examples."""
    current = ModerationSettings.load()
    old_banned = policy.parse_word_list(current.banned_words)
    old_blocked = policy.parse_word_list(current.blocked_words)
    banned, blocked = _checked(banned_text), _checked(blocked_text)
    since = timezone.now() - timedelta(days=days)
    comments = Comment.objects.filter(created_at__gte=since).select_related("author").order_by("-created_at")
    result = Preview()
    for comment in comments[:PREVIEW_LIMIT]:
        result.checked += 1
        newly_blocked = _new_matches(comment.body, blocked, old_blocked)
        newly_banned = [] if newly_blocked else _new_matches(comment.body, banned, old_banned + old_blocked)
        if newly_blocked:
            result.rejected += 1
        elif newly_banned:
            result.held += 1
        words = newly_blocked or newly_banned
        if words and len(result.examples) < EXAMPLES:
            result.examples.append((comment, "rejected" if newly_blocked else "held", words))
    return result


def save_word_lists(actor: Any, banned_text: str, blocked_text: str) -> WordListChange:
    """Save both lists and the audit row of the change in one transaction."""
    banned, blocked = _checked(banned_text), _checked(blocked_text)
    with transaction.atomic():
        row = ModerationSettings.objects.select_for_update().get(pk=ModerationSettings.load().pk)
        change = WordListChange.objects.create(
            actor=actor, banned_before=row.banned_words, blocked_before=row.blocked_words,
            banned_after="\n".join(banned), blocked_after="\n".join(blocked),
        )
        ModerationSettings.objects.filter(pk=row.pk).update(
            banned_words=change.banned_after, blocked_words=change.blocked_after
        )
    return change


def _checked(text: str) -> tuple[str, ...]:
    words = policy.parse_word_list(text)
    if len(words) > MAX_WORDS:
        raise ValueError(f"A list holds at most {MAX_WORDS} words.")
    return words


def _new_matches(body: str, words: tuple[str, ...], already: tuple[str, ...]) -> list[str]:
    if not words or policy.matched_words(body, already):
        return []
    return policy.matched_words(body, words)
