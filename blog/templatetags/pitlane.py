"""Template filters for reader pages: safe comment bodies, avatar initials, the moderator nav link."""
from __future__ import annotations

import re
import uuid
import zlib

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from blog.text import render_comment_body
from moderation import permissions

register = template.Library()
AVATAR_COLOURS = 8


@register.filter
def comment_body(text: str) -> SafeString:
    """Escaped reader text with nofollow links and kept line breaks."""
    return render_comment_body(text or "")


@register.simple_tag
def submission_key() -> SafeString:
    """A fresh key for one comment form: the server saves one comment per key and author."""
    return format_html('<input type="hidden" name="key" value="{}">', uuid.uuid4().hex)


@register.filter
def initials(username: str) -> str:
    """Up to two letters for the avatar: gina_apex -> GA, slowhand -> SL."""
    words = [w for w in re.split(r"[\W_]+", username or "") if w]
    if len(words) >= 2:
        return (words[0][0] + words[1][0]).upper()
    return (words[0][:2] if words else "?").upper()


@register.filter
def avatar_colour(username: str) -> int:
    """A stable colour index per reader, so the same person keeps the same avatar colour."""
    return zlib.crc32((username or "").encode()) % AVATAR_COLOURS


@register.filter
def is_moderator(user) -> bool:
    """Staff and members of the moderators group see the moderation link."""
    return permissions.is_moderator(user)
