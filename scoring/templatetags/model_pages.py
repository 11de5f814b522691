"""Filters for the model registry pages: the words an admin reads instead of our internal keys."""
from __future__ import annotations

from django import template
from django.utils.dateparse import parse_datetime

from scoring import permissions, verdicts

register = template.Library()

LABELS = {"ham": "ham", "spam": "spam", "off_topic": "off-topic"}
HEADS = {"spam": "Spam", "drift": "Off-topic (drift)"}
SOURCES = {"decision": "moderator decisions", "decisions": "moderator decisions", "seed": "seed corpus",
           "corpora": "imported corpora", "holdout": "held-out decisions"}


@register.filter
def label_name(label: str) -> str:
    return LABELS.get(label, str(label).replace("_", " "))


@register.filter
def head_name(head: str) -> str:
    return HEADS.get(head, head)


@register.filter
def source_name(source: str) -> str:
    """'corpus:3' is the imported corpus with id 3 (training summaries keep ids, not names)."""
    kind, _, ident = str(source).partition(":")
    if kind == "corpus" and ident:
        return f"imported corpus #{ident}"
    return SOURCES.get(source, source)


@register.filter
def percent(value: float | None, digits: int = 0) -> str:
    """0.333 -> '33%'; a missing value is a dash, so a table never shows 'None'."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def as_datetime(value: str | None):
    """ISO text from a JSON summary as a datetime, so the `date` filter can format it."""
    return parse_datetime(value) if isinstance(value, str) else value


@register.filter
def metric_help(metric: str) -> str:
    """One line on what a metric of the report's table means."""
    return verdicts.METRIC_HELP.get(metric, "")


@register.filter
def can_manage_models(user) -> bool:
    """Staff who may use the model pages see them in the navigation."""
    return permissions.can_manage_models(user)
