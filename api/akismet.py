"""Akismet-compatible endpoints: a blog switches to Pitlane by changing its Akismet client's base URL.

Same form fields and answers as Akismet's API 1.1: `valid`/`invalid`, `true`/`false` (with
`X-akismet-pro-tip: discard` for near-certain spam), `X-akismet-debug-help` on a bad request, and
"Thanks for making the web a better place." for submissions. `true` means Pitlane would not publish the
comment now (spam, or held for a moderator, e.g. off-topic); the X-Pitlane-* headers say which.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from ipaddress import ip_address

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, QueryDict
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from api import access, checking
from api.models import ApiKey
from blog.models import Comment
from moderation import services

THANKS = "Thanks for making the web a better place."
REQUIRED = ("blog", "user_ip")


def akismet_view(scope: str) -> Callable:
    """Parse the form, authorise the key for the scope; answers Akismet-style when either fails."""

    def decorator(view: Callable) -> Callable:
        @csrf_exempt
        @require_POST
        @wraps(view)
        def wrapper(request: HttpRequest) -> HttpResponse:
            try:
                form = request.POST
            except RequestDataTooBig:
                return refused("The request is too large.", status=413)
            # `key` is what Akismet's verify-key took before `api_key`; older clients still send it.
            key = access.authorise(request, form.get("api_key") or form.get("key", ""), scope)
            if isinstance(key, access.Refusal):
                return _refusal(key)
            return view(request, form, key)

        return wrapper

    return decorator


@akismet_view(ApiKey.Scope.CHECK)
def verify_key(request: HttpRequest, form: QueryDict, key: ApiKey) -> HttpResponse:
    if not form.get("blog", "").strip():
        return refused("Missing required field: blog.", body="invalid")
    return answer("valid")


@akismet_view(ApiKey.Scope.CHECK)
def comment_check(request: HttpRequest, form: QueryDict, key: ApiKey) -> HttpResponse:
    incoming = _incoming(form)
    if isinstance(incoming, HttpResponse):
        return incoming
    try:
        checked = checking.check(key.site, incoming)
    except services.CommentRejected as exc:
        return refused(str(exc))
    response = answer("false" if checked.published else "true")
    if checked.near_certain_spam:
        response["X-akismet-pro-tip"] = "discard"
    response["X-Pitlane-Comment-Id"] = str(checked.comment_id)
    response["X-Pitlane-Status"] = checked.status
    response["X-Pitlane-Reasons"] = ",".join(checked.codes)
    return response


@akismet_view(ApiKey.Scope.MODERATE)
def submit_spam(request: HttpRequest, form: QueryDict, key: ApiKey) -> HttpResponse:
    return _label(form, key, spam=True)


@akismet_view(ApiKey.Scope.MODERATE)
def submit_ham(request: HttpRequest, form: QueryDict, key: ApiKey) -> HttpResponse:
    return _label(form, key, spam=False)


def _label(form: QueryDict, key: ApiKey, spam: bool) -> HttpResponse:
    incoming = _incoming(form)
    if isinstance(incoming, HttpResponse):
        return incoming
    try:
        comment_id = checking.label(key.site, incoming, spam, moderator_name=f"{key.site.name} (Akismet)")
    except services.CommentRejected as exc:
        return refused(str(exc))
    response = answer(THANKS)
    response["X-Pitlane-Comment-Id"] = str(comment_id)
    return response


def _incoming(form: QueryDict) -> checking.Incoming | HttpResponse:
    if any("\x00" in value for value in form.values()):
        return refused("Fields must not contain NUL characters.")
    for field in REQUIRED:
        if not form.get(field, "").strip():
            return refused(f"Missing required field: {field}.")
    body = form.get("comment_content", "")
    if not body.strip():
        return refused("Missing required field: comment_content (Pitlane scores the text).")
    if len(body) > Comment.MAX_BODY:
        return refused(f"comment_content is longer than {Comment.MAX_BODY:,} characters.")
    return checking.Incoming(
        body=body,
        permalink=form.get("permalink", ""),
        author_name=form.get("comment_author", "")[:150],
        author_email=form.get("comment_author_email", "")[:254],
        ip_address=_ip(form.get("user_ip", "")),
    )


def _ip(value: str) -> str | None:
    try:
        return str(ip_address(value.strip()))
    except ValueError:
        return None


def answer(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def refused(help_text: str, body: str = "invalid", status: int = 200) -> HttpResponse:
    """Akismet's way of saying no: `invalid` with the reason in X-akismet-debug-help."""
    response = HttpResponse(body, content_type="text/plain; charset=utf-8", status=status)
    response["X-akismet-debug-help"] = help_text
    return response


def _refusal(refusal: access.Refusal) -> HttpResponse:
    if refusal.status == 429:
        response = refused(refusal.message, body="Too many requests", status=429)
        response["Retry-After"] = str(refusal.retry_after or 60)
        return response
    return refused(refusal.message)
