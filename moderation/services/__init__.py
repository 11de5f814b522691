"""The only writer of a comment's status.

Views, admin, tasks and commands call these functions with ids and the acting user; nothing else
updates `Comment.status`. Every change is one conditional UPDATE plus an audit row in one transaction
(see `core.transition`).
"""
from moderation.services.actions import approve, bulk_moderate, mark_spam_and_ban, reject
from moderation.services.core import AlreadyHandled, CommentRejected
from moderation.services.lane import want_labels
from moderation.services.notices import decision_notice_recipient, reply_notice_recipient
from moderation.services.own import delete_own_comment, edit_comment, take_back_all
from moderation.services.reports import AlreadyReported, report_comment
from moderation.services.sanctions import SanctionRefused, add_note, sanction, suspension_end
from moderation.services.scoring import UNSCORABLE, apply_scores, mark_unscorable
from moderation.services.submission import (
    NewComment,
    enqueue_scoring,
    publish,
    stale_pending_ids,
    submit_comment,
)
from moderation.services.thresholds import set_hold_thresholds
from moderation.services.undo import undo

__all__ = [
    "UNSCORABLE",
    "AlreadyHandled",
    "AlreadyReported",
    "CommentRejected",
    "NewComment",
    "SanctionRefused",
    "add_note",
    "apply_scores",
    "approve",
    "bulk_moderate",
    "decision_notice_recipient",
    "delete_own_comment",
    "edit_comment",
    "enqueue_scoring",
    "mark_spam_and_ban",
    "mark_unscorable",
    "publish",
    "reject",
    "reply_notice_recipient",
    "sanction",
    "set_hold_thresholds",
    "report_comment",
    "stale_pending_ids",
    "submit_comment",
    "suspension_end",
    "take_back_all",
    "undo",
    "want_labels",
]
