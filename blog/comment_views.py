"""A reader's own comments after posting: what became of them, editing them, taking them back."""
from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from blog import votes
from blog.forms import EditForm
from blog.limits import EDIT_PER_ACCOUNT, VOTE_PER_ACCOUNT, limited
from blog.models import Comment
from blog.votes import VoteRefused
from moderation import services
from moderation.outcomes import outcome_of
from moderation.services import CommentRejected

# Where a vote sends the reader back to: the article page's own query string and anchor, nothing else.
PAGE_QUERY = re.compile(r"\?[a-z]+=[a-z0-9]+(&[a-z]+=[a-z0-9]+)*&?#c[0-9]+")


@require_GET
@never_cache
def comment_outcome(request: HttpRequest, pk: int) -> JsonResponse:
    """The author's view of their comment's outcome, polled by static/outcome.js after posting.

    Anyone else gets a 404, not a 403: whether a hidden comment exists is not theirs to learn.
    """
    if not request.user.is_authenticated:
        raise Http404
    gone = (Comment.Status.REMOVED, Comment.Status.DELETED)
    comment = get_object_or_404(Comment.objects.exclude(status__in=gone), pk=pk, author=request.user)
    return JsonResponse(outcome_of(comment).as_dict())


@require_POST
@limited(EDIT_PER_ACCOUNT)
def edit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """The author's new text for their comment; it is scored again, and the page polls the outcome."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("blog:comment_permalink", args=[pk]))
    comment = get_object_or_404(Comment, pk=pk, author=request.user)
    form = EditForm(request.POST)
    if not form.is_valid():
        return _not_changed(request, comment, form.first_error())
    try:
        services.edit_comment(comment.pk, request.user, form.cleaned_data["body"])
    except CommentRejected as exc:
        return _not_changed(request, comment, str(exc))
    messages.success(request, "Your comment is updated. It is being checked again.")
    return redirect("blog:comment_permalink", pk=comment.pk)


@require_POST
@limited(EDIT_PER_ACCOUNT)
def delete_comment(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("blog:comment_permalink", args=[pk]))
    comment = get_object_or_404(Comment, pk=pk, author=request.user)
    try:
        services.delete_own_comment(comment.pk, request.user)
    except CommentRejected as exc:
        return _not_changed(request, comment, str(exc))
    messages.success(request, "Your comment is deleted. Replies to it stay under a placeholder.")
    return redirect(f"{comment.article.get_absolute_url()}#comments")


def _not_changed(request: HttpRequest, comment: Comment, reason: str) -> HttpResponse:
    context = {"comment": comment, "reason": reason, "body": request.POST.get("body", "")}
    return render(request, "blog/comment_not_changed.html", context, status=400)


@require_POST
@limited(VOTE_PER_ACCOUNT)
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """One up-vote; back to the same page, sort and comment."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("blog:comment_permalink", args=[pk]))
    published = Comment.objects.select_related("article").filter(status=Comment.Status.PUBLISHED)
    comment = get_object_or_404(published, pk=pk)
    try:
        counted = votes.up_vote(comment.pk, request.user)
    except VoteRefused as exc:
        return render(request, "blog/vote_refused.html", {"reason": str(exc), "pk": pk}, status=400)
    if not counted:
        messages.info(request, "You have already up-voted that comment.")
    back = request.POST.get("next", "")
    if not PAGE_QUERY.fullmatch(back):
        back = f"#c{comment.pk}"
    return redirect(f"{comment.article.get_absolute_url()}{back}")
