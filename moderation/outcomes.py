"""What a reader is told about their own comment: the moderation outcome, in plain words.

A spam verdict (the model's or a moderator's) is shown to its author exactly like a comment still
waiting ("awaiting review") unless PITLANE_SHOW_SPAM_VERDICT is on: a spammer who is told "it looks
like spam" learns what to change.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.conf import settings

from blog.models import Comment
from moderation.models import AuditEntry, Review

Status = Comment.Status
PENDING, PUBLISHED, COLLAPSED, HELD, REJECTED = "pending", "published", "collapsed", "held", "rejected"

# Why a comment is held, as the reader reads it (the policy's reason codes; spam only with the setting).
HELD_BECAUSE = {
    "off_topic": "it may be off-topic for this article",
    "banned_word": "it uses words a moderator checks first",
    "premoderated_article": "every comment on this article is checked by a moderator first",
    "new_commenter": "a new reader's first comments are checked by a moderator",
    "reports": "readers reported it",
    "unscorable": "the automatic check could not run",
    "spam": "it looks promotional",
}
# Why a comment was not published (the rejection reason a moderator or the policy gave).
REJECTED_BECAUSE = {
    AuditEntry.Reason.SPAM: "it looks like spam",
    AuditEntry.Reason.OFF_TOPIC: "it is off-topic for this article",
    AuditEntry.Reason.ABUSIVE: "it breaks the site rules on abuse",
    AuditEntry.Reason.OTHER: "a moderator decided it should not appear",
}


@dataclass(frozen=True)
class Outcome:
    """`state` for styling, `badge` for the short label, `message` for the sentence; `final` ends a poll."""

    state: str
    badge: str
    message: str
    final: bool

    def as_dict(self) -> dict:
        return asdict(self)


def hides_verdict(status: str, rejected_for: str = "") -> bool:
    """Whether this is a spam verdict (the model's or a moderator's) its author must not learn of."""
    spam = status == Status.SPAM or (status == Status.REJECTED and rejected_for == AuditEntry.Reason.SPAM)
    return spam and not settings.PITLANE_SHOW_SPAM_VERDICT


def describe(
    status: str, collapsed: bool = False, codes: Iterable[str] = (), rejected_for: str = "",
    *, top_level: bool = True, explanation: str = "",
) -> Outcome:
    """The outcome of one comment in the words its author reads, with the moderator's public explanation."""
    if hides_verdict(status, rejected_for):
        status = Status.PENDING
    if status == Status.PUBLISHED and collapsed:
        kind = "comment" if top_level else "reply"
        return Outcome(COLLAPSED, "Published, folded", "Published, folded behind “Show off-topic "
                       f"{kind}” because it looks off-topic for this article.", True)
    if status == Status.PUBLISHED:
        return Outcome(PUBLISHED, "Published", "Published: everyone can read it now.", True)
    if status == Status.HELD:
        return Outcome(HELD, "Held for review", _held_message(codes), True)
    if status in (Status.REJECTED, Status.SPAM):
        why = REJECTED_BECAUSE.get(rejected_for or AuditEntry.Reason.OTHER, REJECTED_BECAUSE["other"])
        said = f" The moderator explains: “{explanation}”" if explanation else ""
        return Outcome(REJECTED, "Not published", f"This comment was not published: {why}.{said} "
                       "Only you can see it.", True)
    return Outcome(PENDING, "Awaiting review", "Awaiting review: it is being checked and appears in "
                   "a moment. Only you can see it for now.", False)


def outcome_of(comment: Comment) -> Outcome:
    """`describe` for a saved comment, reading its review and rejection reason (two small queries)."""
    status = comment.status
    codes = rejected_for = explanation = ""
    if status == Status.HELD:
        codes = Review.objects.filter(comment_id=comment.pk).values_list("reason_codes", flat=True).first()
    elif status in (Status.REJECTED, Status.SPAM):
        rejected_for, explanation = AuditEntry.objects.filter(
            comment_id=comment.pk, to_status__in=(Status.REJECTED, Status.SPAM)
        ).values_list("reason", "explanation").first() or ("", "")
    codes_list = [code for code in (codes or "").split(",") if code]
    return describe(comment.status, comment.collapsed, codes_list, rejected_for or "",
                    top_level=comment.depth == 0, explanation=explanation)


def _held_message(codes: Iterable[str]) -> str:
    shown = [code for code in codes if code != "spam" or settings.PITLANE_SHOW_SPAM_VERDICT]
    reasons = list(dict.fromkeys(HELD_BECAUSE[code] for code in shown if code in HELD_BECAUSE))
    because = f" because {' and '.join(reasons)}" if reasons else ""
    return (f"Held for a moderator{because}. Other readers see it once a moderator approves it; "
            "only you can see it for now.")


def posted_message(comment: Comment) -> str:
    """The note after posting: the outcome if the worker has already decided, else that it is checking."""
    comment.refresh_from_db(fields=["status", "collapsed"])
    outcome = outcome_of(comment)
    if not outcome.final:
        return "Thanks, your comment is saved. It is being checked; this page shows the result in a moment."
    return f"Thanks for your comment. {outcome.message}"
