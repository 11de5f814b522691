"""Content-Security-Policy and Permissions-Policy on every response (Django 5.2 sets neither).

The site has no inline script or style, so the policy allows only our own files: an injected
<script> or on* attribute would not run even if escaping ever failed.
"""
from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.PITLANE_CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", settings.PITLANE_PERMISSIONS_POLICY)
        return response
