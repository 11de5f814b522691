"""What a reader is told about their own comment that is not simply published (see moderation.outcomes)."""
from __future__ import annotations

from django import template

from blog.models import Comment
from moderation import outcomes
from moderation.reader_notices import notices_for

register = template.Library()


@register.simple_tag
def reader_outcome(comment: Comment) -> outcomes.Outcome:
    """The outcome in plain words; at most one small query, and only for the viewer's own comments."""
    return outcomes.outcome_of(comment)


@register.simple_tag
def shown_outcome(comment: Comment, viewer_id: int | None) -> outcomes.Outcome | None:
    """The outcome a thread shows on a comment, or None for a plain published one.

    Readers see other people's comments only once published, so anything else is the viewer's own.
    The author's own comment also says "Published" while its edit window is open: the worker often
    decides before the page after posting (or editing) renders, and the author must still be told.
    """
    fresh_own = comment.author_id == viewer_id and comment.editable
    if comment.status == Comment.Status.PUBLISHED and not fresh_own:
        return None
    return outcomes.outcome_of(comment)


@register.inclusion_tag("moderation/_reader_notices.html")
def reader_notices(user) -> dict:
    """The viewer's own sanctions in force, with reason and end time."""
    return {"notices": notices_for(user)}
