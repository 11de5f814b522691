"""Small helpers for the queue templates."""
from __future__ import annotations

from typing import Any

from django import template

from moderation.models import AuditEntry
from moderation.queue import TAB_BY_KEY, needs_action_count

register = template.Library()


@register.filter
def get_item(mapping: dict, key: str) -> Any:
    return mapping.get(key, "")


@register.filter
def tab_label(key: str) -> str:
    tab = TAB_BY_KEY.get(key)
    return tab.label if tab else key


@register.simple_tag(takes_context=True)
def query_with(context, **changes: Any) -> str:
    """The current query string with some parameters replaced, e.g. for pager links."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag
def waiting_count() -> int:
    """Comments waiting for a moderator (held or reported), for the navigation."""
    return needs_action_count()


@register.simple_tag
def reject_reasons() -> list[tuple[str, str]]:
    """The reasons a moderator may give for a rejection (one definition: AuditEntry.Reason)."""
    return AuditEntry.Reason.choices
