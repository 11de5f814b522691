"""The worker's side: a model's score becomes a decision, at most once per comment."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from blog.models import Comment
from moderation import inputs, policy
from moderation.models import AuditEntry, LabelWanted, Review, ScoreRecord
from moderation.services import sanctions
from moderation.services.core import Decision, save_review, transition, transition_pending, wrap_codes
from moderation.services.lane import LANE_STATES

Status = Comment.Status
REJECTED = (Status.REJECTED, Status.SPAM)
UNSCORABLE = "could not be scored"


def apply_scores(
    scored: Sequence[tuple[int, Any]], model_version: str, model_thresholds: Any = None,
    *, rules: policy.PolicySettings | None = None,
) -> dict[int, str]:
    """Decide a batch of scored comments in one transaction; {comment id: new status} for those decided.

    1. Lock the comments still pending (others were decided by an earlier delivery, another batch or a
       moderator, and are skipped: a late score never overrides anyone).
    2. Decide each with the policy, reading settings and authors' standing once for the batch.
    3. Move them pending -> decided and write score records, reviews and audit rows in bulk.
    """
    scores = dict(scored)
    # Inside a worker's claim no savepoint is needed: any error here rolls the whole claim back.
    with transaction.atomic(savepoint=False):
        comments = list(
            Comment.objects.select_for_update(skip_locked=True, of=("self",)).select_related("article")
            .filter(pk__in=scores, status=Status.PENDING).order_by("pk")
        )
        if not comments:
            return {}
        rules = rules or inputs.policy_settings(model_thresholds)
        standings = inputs.standings({comment.author_id for comment in comments})
        copies = inputs.copies_by_other_accounts(comments)
        decisions = [
            _decision(comment, scores[comment.pk], model_version, rules, standings[comment.author_id],
                      copies[comment.pk])
            for comment in comments
        ]
        transition_pending(decisions, AuditEntry.Action.SCORED)
        _save_scores(decisions, scores, model_version)
        authors = {c.pk: c.author_id for c in comments}
        for author_id in {authors[d.comment_id] for d in decisions if d.to_status in REJECTED}:
            sanctions.apply_rejection_rate_rule(author_id)
    return {decision.comment_id: decision.to_status for decision in decisions}


def _decision(
    comment: Comment, score: Any, model_version: str, rules: policy.PolicySettings, author: policy.Standing,
    copies_by_others: int = 0,
) -> Decision:
    submission = inputs.submission(comment, score, copies_by_others)
    verdict = policy.decide(submission, rules, author)
    rejected = verdict.action == policy.Action.REJECT
    unsure = policy.model_unsure(submission, rules) and _status_for(verdict) in LANE_STATES
    return Decision(
        comment_id=comment.pk, parent_id=comment.parent_id, to_status=_status_for(verdict),
        collapsed=verdict.action == policy.Action.COLLAPSE, codes=verdict.codes,
        label_wanted=LabelWanted.UNSURE if unsure else "",
        audit={
            "reason": verdict.reject_reason if rejected else "",
            "details": [reason.text for reason in verdict.reasons],
            "model_version": model_version, "spam_score": score.spam_score, "drift_score": score.drift_score,
        },
    )


def _save_scores(decisions: Sequence[Decision], scores: dict[int, Any], model_version: str) -> None:
    now = timezone.now()
    ScoreRecord.objects.bulk_create([
        ScoreRecord(
            comment_id=d.comment_id, model_version=model_version, spam_score=d.audit["spam_score"],
            drift_score=d.audit["drift_score"], reasons=list(scores[d.comment_id].reasons or ()),
            scored_at=now,
        )
        for d in decisions
    ], ignore_conflicts=True)
    Review.objects.bulk_create(
        [
            Review(
                comment_id=d.comment_id, model_version=model_version, spam_score=d.audit["spam_score"],
                drift_score=d.audit["drift_score"], reason_codes=wrap_codes(d.codes),
                reasons=d.audit["details"], label_wanted=d.label_wanted, updated_at=now,
            )
            for d in decisions
        ],
        update_conflicts=True, unique_fields=["comment"],
        update_fields=["model_version", "spam_score", "drift_score", "reason_codes", "reasons",
                       "label_wanted", "updated_at"],
    )


def _status_for(verdict: policy.Verdict) -> str:
    if verdict.action == policy.Action.HOLD:
        return Status.HELD
    if verdict.action == policy.Action.REJECT:
        return Status.SPAM if verdict.reject_reason == "spam" else Status.REJECTED
    return Status.PUBLISHED


def mark_unscorable(comment_id: int, error: str = "") -> bool:
    """After the last retry: hold the comment for a person instead of letting it vanish."""
    with transaction.atomic():
        entry = transition(
            comment_id, (Status.PENDING,), Status.HELD, AuditEntry.Action.UNSCORABLE,
            details=[UNSCORABLE] + ([error[:300]] if error else []),
        )
        if entry is not None:
            save_review(comment_id, ("unscorable",), [UNSCORABLE])
    return entry is not None
