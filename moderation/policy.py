"""The moderation policy: scores, settings and context in, a verdict out.

Pure Python (no Django) so every rule is a plain unit test and the order of rules is visible in one place.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from moderation.textnorm import fold


class Action(StrEnum):
    PUBLISH = "publish"
    COLLAPSE = "collapse"  # publish folded behind "show off-topic reply"
    HOLD = "hold"
    REJECT = "reject"


@dataclass(frozen=True)
class Reason:
    """One piece of evidence: `code` for filtering the queue, `text` for the moderator or reader."""

    code: str
    text: str


@dataclass(frozen=True)
class PolicySettings:
    spam_hold: float = 0.5
    spam_reject: float = 0.97
    drift_hold: float = 0.7
    drift_collapse: float = 0.45
    banned_words: tuple[str, ...] = ()
    blocked_words: tuple[str, ...] = ()
    premoderate_first: int = 0
    reports_to_hold: int = 3
    # Near-identical text from this many other accounts (within a day) holds a comment as a spam wave.
    copies_to_hold: int = 2


@dataclass(frozen=True)
class Standing:
    """The author as the policy sees them."""

    published_count: int = 0
    trusted: bool = False
    banned: bool = False
    premoderated: bool = False


@dataclass(frozen=True)
class Reporter:
    """A reader reporting a comment, as the report weighting sees them."""

    account_age_days: float
    published_count: int = 0
    trusted: bool = False
    banned: bool = False  # banned, suspended for now, or the account is inactive


# Report weighting: a report counts for its reporter's standing; a comment is pulled back when the
# weights reach `reports_to_hold`. New accounts without a published comment weigh nothing.
NEW_ACCOUNT_DAYS = 2
ESTABLISHED_DAYS = 14
ESTABLISHED_PUBLISHED = 3


@dataclass(frozen=True)
class Submission:
    body: str
    spam_score: float
    drift_score: float
    model_reasons: tuple[str, ...] = ()
    premoderate_article: bool = False
    copies_by_other_accounts: int = 0


@dataclass(frozen=True)
class Verdict:
    action: Action
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(reason.code for reason in self.reasons))

    @property
    def reject_reason(self) -> str:
        """The reader-facing category of a rejection: spam, abusive or other."""
        codes = self.codes
        if "spam" in codes:
            return "spam"
        return "abusive" if "blocked_word" in codes else "other"


def decide(submission: Submission, settings: PolicySettings, author: Standing) -> Verdict:
    """Apply the rules in order: refusals, trusted readers, near-certain spam, holds, collapse, publish."""
    if author.banned:
        return Verdict(Action.REJECT, (Reason("banned_author", "author is banned"),))
    blocked = matched_words(submission.body, settings.blocked_words)
    if blocked:
        return Verdict(Action.REJECT, (Reason("blocked_word", f"blocked words: {', '.join(blocked)}"),))
    if author.trusted and not author.premoderated:
        return Verdict(Action.PUBLISH, (Reason("trusted", "trusted reader"),))
    if submission.spam_score >= settings.spam_reject:
        return Verdict(Action.REJECT, (_spam_reason(submission, "near-certain spam"),))
    holds = hold_reasons(submission, settings, author)
    if holds:
        return Verdict(Action.HOLD, holds)
    if submission.drift_score >= settings.drift_collapse:
        text = f"mildly off-topic (drift {submission.drift_score:.2f})"
        return Verdict(Action.COLLAPSE, (Reason("off_topic", text),))
    return Verdict(Action.PUBLISH)


def hold_reasons(submission: Submission, settings: PolicySettings, author: Standing) -> tuple[Reason, ...]:
    """Every reason to hold the comment for a moderator; empty when none applies."""
    reasons: list[Reason] = []
    if submission.spam_score >= settings.spam_hold:
        reasons.append(_spam_reason(submission, "likely spam"))
    if submission.drift_score >= settings.drift_hold:
        reasons.append(Reason("off_topic", f"off-topic (drift {submission.drift_score:.2f})"))
    copies = submission.copies_by_other_accounts
    if settings.copies_to_hold and copies >= settings.copies_to_hold:
        text = f"near-identical text posted by {copies} other accounts in the last 24 hours"
        reasons.append(Reason("repeated_text", text))
    banned = matched_words(submission.body, settings.banned_words)
    if banned:
        reasons.append(Reason("banned_word", f"banned words: {', '.join(banned)}"))
    if submission.premoderate_article:
        reasons.append(Reason("premoderated_article", "every comment on this article is premoderated"))
    if author.premoderated:
        reasons.append(Reason("premoderated_reader", "a moderator premoderates this reader"))
    if author.published_count < settings.premoderate_first:
        text = f"new commenter ({author.published_count} of {settings.premoderate_first} comments published)"
        reasons.append(Reason("new_commenter", text))
    return tuple(reasons)


# A score this close to a threshold where the verdict changes: the model is unsure, and a moderator's
# label there teaches the next model most ("Needs a label" in the queue).
UNSURE_WITHIN = 0.1


def model_unsure(submission: Submission, settings: PolicySettings) -> bool:
    """Whether either score lies within UNSURE_WITHIN of a threshold that would change the verdict."""
    edges = ((submission.spam_score, settings.spam_hold), (submission.drift_score, settings.drift_collapse),
             (submission.drift_score, settings.drift_hold))
    return any(abs(score - threshold) < UNSURE_WITHIN for score, threshold in edges)


def rejection_rate_exceeded(rejected: list[bool], rate: float, window: int) -> bool:
    """Whether a reader's latest decided comments (newest first, True = rejected) pass the admin's share.

    Judged only on a full window, so two unlucky comments of a new reader do not premoderate them.
    """
    if rate <= 0 or window <= 0 or len(rejected) < window:
        return False
    latest = rejected[:window]
    return sum(latest) / window >= rate


def report_weight(reporter: Reporter) -> float:
    """How much one reader's report counts towards pulling a comment back.

    0 for banned or suspended readers and for new accounts that have published nothing (so fresh
    accounts alone never hide anything); 0.5 for readers with some standing; 1 for established
    readers (old enough with published comments); 2 for trusted readers.
    """
    if reporter.banned:
        return 0.0
    if reporter.trusted:
        return 2.0
    if reporter.account_age_days < NEW_ACCOUNT_DAYS and reporter.published_count == 0:
        return 0.0
    established = (
        reporter.account_age_days >= ESTABLISHED_DAYS and reporter.published_count >= ESTABLISHED_PUBLISHED
    )
    return 1.0 if established else 0.5


def reports_pull_back(report_weight_total: float, settings: PolicySettings) -> bool:
    """Whether the weight of readers' reports should take a published comment back into the queue."""
    return settings.reports_to_hold > 0 and report_weight_total >= settings.reports_to_hold


def matched_words(body: str, words: Iterable[str]) -> list[str]:
    """Listed words or phrases (with `*` wildcards) found in the body as whole words, in `fold`ed form.

    Folding both sides means case, accents, invisible characters and look-alike letters
    (Cyrillic "о", full-width "ｏ") neither hide a listed word nor stop a listed one from matching.
    """
    folded_body = fold(body)
    found = []
    for word in words:
        word = word.strip()
        pattern = word_pattern(word)
        if pattern and re.search(pattern, folded_body):
            found.append(word)
    return found


def word_pattern(word: str) -> str:
    """A listed word as a whole-word pattern over folded text; `*` stands for any letters (free*, *coin)."""
    parts = [re.escape(fold(part)) for part in word.strip().split("*")]
    if not any(parts):
        return ""
    return r"(?<!\w)" + r"\w*".join(parts) + r"(?!\w)"


def parse_word_list(text: str) -> tuple[str, ...]:
    """One word or phrase per line (commas also separate), blanks dropped."""
    return tuple(item.strip() for line in text.splitlines() for item in line.split(",") if item.strip())


def _spam_reason(submission: Submission, label: str) -> Reason:
    evidence = "; ".join(submission.model_reasons[:3])
    text = f"{label} (spam {submission.spam_score:.2f})" + (f": {evidence}" if evidence else "")
    return Reason("spam", text)
