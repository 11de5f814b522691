"""What a reader is told about their own comment that was not published."""
from __future__ import annotations

from django import template

from blog.models import Comment
from moderation.models import AuditEntry

register = template.Library()
REJECTED = (Comment.Status.REJECTED, Comment.Status.SPAM)
WHY = {
    AuditEntry.Reason.SPAM: "it looks like spam",
    AuditEntry.Reason.OFF_TOPIC: "it is off-topic for this article",
    AuditEntry.Reason.ABUSIVE: "it breaks the site rules on abuse",
    AuditEntry.Reason.OTHER: "a moderator decided it should not appear",
}


@register.simple_tag
def rejection_notice(comment: Comment) -> str:
    """A short notice with the reason; one small query, and only for the viewer's own rejected comments."""
    if comment.status not in REJECTED:
        return ""
    reason = (
        AuditEntry.objects.filter(comment_id=comment.pk, to_status__in=REJECTED)
        .values_list("reason", flat=True)
        .first()
    )
    why = WHY.get(reason or AuditEntry.Reason.OTHER, WHY[AuditEntry.Reason.OTHER])
    return f"This comment was not published: {why}. Only you can see it."
