"""Coral Talk's external moderation phase: Coral POSTs each new or edited comment, Pitlane decides at once.

Request: JSON {action, comment {body, parentID}, author {id, role}, story {id, url}, site {id},
tenantID, tenantDomain}, signed like Coral's webhooks: X-Coral-Signature holds one or more
`sha256=<hex HMAC-SHA256 of the raw body keyed by the phase's signing secret>`, comma-separated.
Answer: 204 without a body to take no action, or 200 with {status, actions} to decide.
"""
from __future__ import annotations

import hashlib
import hmac
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from api import checking
from api.models import CoralPhase
from blog.models import Comment
from moderation import services

Status = Comment.Status
STAFF_ROLES = {"STAFF", "MODERATOR", "ADMIN"}
SPAM_FLAG = {"actionType": "FLAG", "reason": "COMMENT_DETECTED_SPAM"}


def signed_by(secret: str, body: bytes, header: str) -> bool:
    """Whether any of the header's sha256= signatures is the body's HMAC under the secret."""
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    given = [part.strip()[7:] for part in header.split(",") if part.strip().startswith("sha256=")]
    return any(hmac.compare_digest(signature, expected) for signature in given)


def decision(checked: checking.Checked) -> dict | None:
    """Coral's answer for Pitlane's verdict: None (no action) when Pitlane publishes the comment."""
    if checked.status == Status.PUBLISHED:
        return None
    spam = "spam" in checked.codes
    if checked.status in (Status.SPAM, Status.REJECTED):
        return {"status": "REJECTED", **({"actions": [SPAM_FLAG]} if spam else {})}
    # Held (or still pending): Coral withholds it for its moderators; off-topic has no Coral flag.
    return {"status": "SYSTEM_WITHHELD", **({"actions": [SPAM_FLAG]} if spam else {})}


@csrf_exempt
@require_POST
def phase(request: HttpRequest, phase_id) -> HttpResponse:
    coral = CoralPhase.objects.select_related("site").filter(pk=phase_id, is_active=True).first()
    if coral is None or not signed_by(coral.signing_secret, request.body,
                                      request.headers.get("X-Coral-Signature", "")):
        return JsonResponse({"error": "Unknown phase or bad signature."}, status=401)
    try:
        payload = json.loads(request.body)
        incoming = _incoming(payload)
    except (ValueError, KeyError, TypeError, AttributeError):
        return JsonResponse({"error": "Not a Coral external moderation request."}, status=400)
    if payload.get("author", {}).get("role") in STAFF_ROLES:
        return HttpResponse(status=204)
    try:
        checked = checking.check(coral.site, incoming)
    except services.CommentRejected as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    answer = decision(checked)
    return HttpResponse(status=204) if answer is None else JsonResponse(answer)


def _incoming(payload: dict) -> checking.Incoming:
    if payload["action"] not in ("NEW", "EDIT"):
        raise ValueError("unknown action")
    body = payload["comment"]["body"]
    author_id = payload["author"]["id"]
    story_url = payload["story"]["url"]
    if not all(isinstance(value, str) for value in (body, author_id, story_url)) or "\x00" in body:
        raise ValueError("fields must be text")
    return checking.Incoming(body=body, permalink=story_url[:500], author_id=f"coral:{author_id}"[:200])
