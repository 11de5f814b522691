"""Reader pages: parse the request, authorise, make one read or service call, render or redirect."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from blog import pages
from blog.accounts import register_reader
from blog.client_address import client_address
from blog.forms import CommentForm, ReportForm, SignUpForm
from blog.ids import clean_id
from blog.limits import (
    COMMENT_PER_ACCOUNT,
    COMMENT_PER_IP,
    REPORT_PER_ACCOUNT,
    REPORT_PER_IP,
    SIGNUP_PER_IP,
    limited,
)
from blog.models import Article, Comment, Tag
from moderation.outcomes import posted_message
from moderation.precheck import OFF_TOPIC_WARNING, looks_off_topic
from moderation.services import AlreadyReported, CommentRejected, NewComment, report_comment, submit_comment

ARTICLES_PER_PAGE = 10


def article_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(pages.published_articles(), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "blog/article_list.html", {"page": page})


def tag_detail(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, kind=kind, slug=slug)
    page = Paginator(pages.articles_tagged(tag), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "blog/article_list.html", {"page": page, "tag": tag})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(pages.published_articles(), slug=slug)
    sort = pages.clean_sort(request.GET.get("sort"))
    thread_id = clean_id(request.GET.get("thread"))
    comments = pages.comment_page(article, request.user, request.GET.get("page"), sort, thread_id)
    # Reply and report forms open under one comment at a time (?reply=<id>), so the page stays light
    # and works without JavaScript.
    context = {
        "article": article,
        "comments": comments,
        "viewer_id": request.user.pk,
        "can_reply": request.user.is_authenticated and article.comments_open,
        "reply_to": clean_id(request.GET.get("reply")),
        "report_on": clean_id(request.GET.get("report")),
        "edit_on": clean_id(request.GET.get("edit")),
        "delete_on": clean_id(request.GET.get("delete")),
    }
    return render(request, "blog/article_detail.html", context)


@require_POST
@limited(COMMENT_PER_ACCOUNT, COMMENT_PER_IP)
def post_comment(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(f"{article.get_absolute_url()}#comment-form")
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _comment_not_posted(request, article, form, form.first_error())
    data = form.cleaned_data
    if not data["post_anyway"] and looks_off_topic(article, request.user, data["body"], data["parent"]):
        return _check_before_posting(request, article, data)
    try:
        comment = submit_comment(_new_comment(request, article, data))
    except CommentRejected as exc:
        return _comment_not_posted(request, article, form, str(exc))
    messages.success(request, posted_message(comment))
    return redirect(_thread_url(comment, request.user))


def comment_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a reader to the page of the article that shows this comment."""
    comment = get_object_or_404(Comment.objects.visible_to(request.user).select_related("article"), pk=pk)
    return redirect(_thread_url(comment, request.user))


@require_POST
@limited(REPORT_PER_ACCOUNT, REPORT_PER_IP)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("blog:comment_permalink", args=[pk]))
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _report_refused(request, pk, next(iter(form.errors.values()))[0])
    try:
        report_comment(pk, request.user.pk, form.cleaned_data["reason"], form.cleaned_data["note"])
    except AlreadyReported as exc:
        messages.info(request, str(exc))
    except CommentRejected as exc:
        return _report_refused(request, pk, str(exc))
    else:
        messages.success(request, "Thanks for the report. A moderator will take a look.")
    return redirect("blog:comment_permalink", pk=pk)


@limited(SIGNUP_PER_IP)
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("blog:article_list")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = register_reader(data["username"], data["password1"], data["email"], data["email_on_reply"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to Pitlane, {user.username}.")
        return redirect(_safe_next(request) or "blog:article_list")
    return render(request, "registration/signup.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    page = Paginator(pages.comments_by(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "registration/profile.html", {"page": page})


def _safe_next(request: HttpRequest) -> str | None:
    target = request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if target and allowed else None


def _thread_url(comment: Comment, user) -> str:
    try:
        location = pages.comment_location(comment, user)
    except DatabaseError:
        # The comment is saved; a database hiccup now must not answer 500 and invite a second post.
        # The permalink finds the page when the reader's browser follows it.
        return reverse("blog:comment_permalink", args=[comment.pk])
    return f"{comment.article.get_absolute_url()}{location.query()}#c{comment.pk}"


def _comment_not_posted(request: HttpRequest, article: Article, form: CommentForm, reason: str):
    # Keep the reply target only when the text, not the target, was the problem.
    parent = request.POST.get("parent", "") if "body" in form.errors else ""
    context = {"article": article, "reason": reason, "body": request.POST.get("body", ""), "parent": parent}
    return render(request, "blog/comment_not_posted.html", context, status=400)


def _new_comment(request: HttpRequest, article: Article, data: dict) -> NewComment:
    return NewComment(
        article_id=article.pk,
        author_id=request.user.pk,
        body=data["body"],
        parent_id=data["parent"],
        ip_address=client_address(request),
        submission_key=data["key"],
        warned_off_topic=data["post_anyway"],
    )


def _check_before_posting(request: HttpRequest, article: Article, data: dict) -> HttpResponse:
    """The draft, still unsaved, with the off-topic warning: edit it or post it anyway."""
    context = {"article": article, "body": data["body"], "parent": data["parent"] or "", "key": data["key"],
               "warning": OFF_TOPIC_WARNING}
    return render(request, "blog/comment_check.html", context)


def _report_refused(request: HttpRequest, pk: int, reason: str) -> HttpResponse:
    return render(request, "blog/report_refused.html", {"reason": reason, "pk": pk}, status=400)
