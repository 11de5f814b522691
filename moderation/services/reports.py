"""Readers reporting comments: each report weighs by its reporter's standing (`policy.report_weight`)."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F

from blog.models import Comment, Report
from moderation import inputs, policy
from moderation.models import AuditEntry, Review
from moderation.services.core import CommentRejected, transition, wrap_codes

Status = Comment.Status


class AlreadyReported(Exception):
    """The reader has already reported this comment."""


def report_comment(comment_id: int, reporter_id: int, reason: str, note: str = "") -> Report:
    """Record one reader's report, weighed by the reporter's standing.

    1. Refuse an unknown reason or a comment that is not published.
    2. Save the report with its weight; a second report by the same reader is refused by the database.
    3. A banned or suspended reader's report is kept but ignored: it opens nothing for moderators.
    4. Otherwise the comment joins the Reported tab, and when the open weight reaches the setting's
       `reports_to_hold` the comment is pulled back to held.
    """
    if reason not in Report.Reason.values:
        raise CommentRejected("Choose a reason for the report.")
    comment = Comment.objects.filter(pk=comment_id, status=Status.PUBLISHED).first()
    if comment is None:
        raise CommentRejected("That comment cannot be reported.")
    standing = inputs.reporter(get_user_model().objects.get(pk=reporter_id))
    weight = policy.report_weight(standing)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                comment=comment, reporter_id=reporter_id, reason=reason, note=note.strip()[:500],
                weight=weight,
            )
            if not standing.banned:
                _count_report(comment_id, weight)
    except IntegrityError as exc:
        raise AlreadyReported("You have already reported this comment.") from exc
    return report


def _count_report(comment_id: int, weight: float) -> None:
    review, _ = Review.objects.get_or_create(comment_id=comment_id)
    Review.objects.filter(pk=review.pk).update(
        open_reports=F("open_reports") + 1, open_report_weight=F("open_report_weight") + weight
    )
    review.refresh_from_db(fields=["open_reports", "open_report_weight"])
    settings = inputs.policy_settings()
    if not policy.reports_pull_back(review.open_report_weight, settings):
        return
    text = (
        f"{review.open_reports} reader reports weighing {review.open_report_weight:g} "
        f"(pulled back at {settings.reports_to_hold})"
    )
    entry = transition(
        comment_id, (Status.PUBLISHED,), Status.HELD, AuditEntry.Action.REPORTED, details=[text]
    )
    if entry is not None:
        codes = [code for code in review.codes if code != "reports"] + ["reports"]
        reasons = [*review.reasons, text]
        Review.objects.filter(pk=review.pk).update(reason_codes=wrap_codes(codes), reasons=reasons)
