"""Every REST error as JSON `{"error": ..., "fields": {...}}`, whatever raised it."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler


def json_errors(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"error": "The request did not validate.", "fields": _fields(exc.detail)}
    elif isinstance(exc, Http404 | PermissionDenied):
        response.data = {"error": str(exc) or "Not found."}
    else:
        response.data = {"error": str(getattr(exc, "detail", exc))}
    return response


def _fields(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail flattened to {"field" or "author.email": [messages]}."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for name, value in detail.items():
            key = "request" if name == "non_field_errors" else f"{prefix}{name}"
            flat.update(_fields(value, f"{key}.") if isinstance(value, dict) else {key: _messages(value)})
        return flat
    return {prefix.rstrip(".") or "request": _messages(detail)}


def _messages(value: Any) -> list[str]:
    if isinstance(value, list):
        return [message for item in value for message in _messages(item)]
    if isinstance(value, dict):
        return [f"{name}: {message}" for name, item in value.items() for message in _messages(item)]
    return [str(value)]
