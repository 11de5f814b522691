"""A reader's own comments after posting: what became of them."""
from __future__ import annotations

from django.http import Http404, HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from blog.models import Comment
from moderation.outcomes import outcome_of


@require_GET
@never_cache
def comment_outcome(request: HttpRequest, pk: int) -> JsonResponse:
    """The author's view of their comment's outcome, polled by static/outcome.js after posting.

    Anyone else gets a 404, not a 403: whether a hidden comment exists is not theirs to learn.
    """
    if not request.user.is_authenticated:
        raise Http404
    comment = get_object_or_404(Comment.objects.exclude(status=Comment.Status.REMOVED), pk=pk,
                                author=request.user)
    return JsonResponse(outcome_of(comment).as_dict())
