"""Who may moderate: one definition for views, templates and the login landing."""
from __future__ import annotations

from moderation.models import MODERATORS_GROUP


def is_moderator(user) -> bool:
    """Active staff and members of the moderators group (one query, cached on the user for the request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff:
        return True
    if not hasattr(user, "_pitlane_is_moderator"):
        user._pitlane_is_moderator = user.groups.filter(name=MODERATORS_GROUP).exists()
    return user._pitlane_is_moderator
