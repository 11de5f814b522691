"""Database ids from the outside world (URLs, query strings, forms), checked against the database's range.

A 20-digit id is not an error in Python but overflows SQLite's and PostgreSQL's 64-bit integers, which
used to surface as a 500. Every id a reader or moderator can type goes through one of these.
"""
from __future__ import annotations

from django import forms

MAX_ID = 2**63 - 1  # BigAutoField, SQLite INTEGER and PostgreSQL bigint all stop here


class IdConverter:
    """`<id:pk>` in a URL: a positive id in range, else the route does not match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(f"id out of range: {value}")
        return number

    def to_url(self, value: int) -> str:
        return str(value)


def clean_id(value: str | None) -> int | None:
    """An id from a query string, or None when it is missing, not a number or out of range."""
    if not value or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


class IdField(forms.IntegerField):
    """A form field for an id: a 400-style form error, never an overflow, for anything out of range."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)
