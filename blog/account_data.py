"""A reader's own data: downloading all of it, and deleting the account. Both leave an AccountEvent."""
from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from blog import votes
from blog.account_models import AccountEvent
from blog.accounts import DELETED_ACCOUNT, display_name, email_verified, emails_on
from blog.mail import absolute
from blog.models import Comment
from moderation import services
from moderation.outcomes import outcome_of

Status = Comment.Status


class DeletionRefused(Exception):
    """An account this page may not delete; the message is safe to show."""


def export_data(user: Any) -> dict:
    """Everything Pitlane keeps that the reader wrote or chose, as JSON-ready data (audited).

    Statuses are given in the words the reader sees on the site (a spam verdict reads "Awaiting review"
    unless PITLANE_SHOW_SPAM_VERDICT is on); moderators' private notes are not the reader's data.
    """
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": _account(user),
        "comments": [_comment(comment) for comment in _comments(user)],
        "up_votes": [{"comment": vote.comment_id, "at": vote.created_at.isoformat()}
                     for vote in user.votes.order_by("created_at", "id")],
        "reports": [_report(report) for report in user.reports.order_by("created_at", "id")],
        "sanctions": [_sanction(sanction) for sanction in user.sanctions.order_by("created_at", "id")],
    }
    _audit(user, AccountEvent.Kind.DATA_DOWNLOADED, {"comments": len(data["comments"])})
    return data


def delete_account(user: Any, *, keep_comments: bool) -> AccountEvent:
    """Delete a reader's account for good, in one transaction.

    1. Refuse staff accounts (an admin closes those) and the placeholder account itself.
    2. Take back the reader's comments through moderation.services: all of them, or with
       `keep_comments` all but the published ones, which stay readable under "deleted account".
    3. Withdraw their up-votes, so every count stays the number of votes that exist.
    4. Hand the kept comments to the placeholder account, without the address or form key they came with.
    5. Audit, then delete the user: profile, sessions' owner, reports, sanctions and notes go with it.
    """
    if user.is_staff or user.is_superuser or user.get_username() == DELETED_ACCOUNT:
        raise DeletionRefused("Staff accounts are closed by an admin, not from this page.")
    with transaction.atomic():
        taken_back = services.take_back_all(user, keep_published=keep_comments)
        withdrawn = votes.withdraw_all(user)
        kept = Comment.objects.filter(author=user).update(
            author=_placeholder(), submission_key="", ip_address=None
        )
        details = {"comments": "kept" if keep_comments else "removed", "taken_back": taken_back,
                   "kept": kept, "up_votes_withdrawn": withdrawn}
        event = _audit(user, AccountEvent.Kind.ACCOUNT_DELETED, details)
        user.delete()
    return event


def _account(user: Any) -> dict:
    return {
        "username": user.get_username(),
        "display_name": display_name(user),
        "email": user.email,
        "email_verified": email_verified(user),
        "reply_emails": emails_on(user)["email_on_reply"],
        "decision_emails": emails_on(user)["email_on_decision"],
        "joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def _comments(user: Any):
    return (Comment.objects.filter(author=user).select_related("article")
            .prefetch_related("revisions").order_by("created_at", "id"))


def _comment(comment: Comment) -> dict:
    shown = comment.get_status_display() if comment.status in (Status.DELETED, Status.REMOVED) else (
        outcome_of(comment).badge
    )
    return {
        "id": comment.pk,
        "article": comment.article.title,
        "url": absolute(comment.get_absolute_url()),
        "in_reply_to": comment.parent_id,
        "written_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        "status": shown,
        "text": comment.body,
        "up_votes": comment.vote_count,
        "earlier_versions": [
            {"text": r.body, "written_at": r.written_at.isoformat(), "replaced_at": r.replaced_at.isoformat()}
            for r in comment.revisions.all()
        ],
    }


def _report(report) -> dict:
    return {"comment": report.comment_id, "reason": report.reason, "note": report.note,
            "at": report.created_at.isoformat()}


def _sanction(sanction) -> dict:
    """A sanction as its reader was told of it (kind, public reason, end); moderators' notes stay out."""
    ends_at = sanction.ends_at.isoformat() if sanction.ends_at else None
    return {"kind": sanction.get_kind_display(), "reason": sanction.reason,
            "at": sanction.created_at.isoformat(), "ends_at": ends_at}


def _placeholder():
    user, created = get_user_model().objects.get_or_create(
        username=DELETED_ACCOUNT, defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _audit(user: Any, kind: str, details: dict) -> AccountEvent:
    return AccountEvent.objects.create(
        kind=kind, user_id=user.pk, username=user.get_username(), details=details
    )
