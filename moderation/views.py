"""The moderator queue and its actions: parse, authorise, one service call, redirect or render."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from blog.models import LoginAlert
from moderation import queue, services
from moderation.forms import ActionForm, AuditFilterForm, BulkActionForm, LinkDomainForm, QueueFilterForm
from moderation.models import AuditEntry, LinkDomainChange
from moderation.permissions import is_moderator
from moderation.services import domains


def moderator_required(view: Callable) -> Callable:
    """Anonymous readers go to the login page; signed-in readers who are not moderators get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_moderator(request.user):
            raise PermissionDenied("Only moderators can see the moderation queue.")
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@moderator_required
def queue_view(request: HttpRequest) -> HttpResponse:
    filters = QueueFilterForm(request.GET).filters()
    context = {
        "filters": filters,
        "tabs": queue.TABS,
        "counts": queue.tab_counts(),
        "page": queue.page_of(filters, request.GET.get("page")),
        "reasons": queue.REASON_CODES,
        "sorts": queue.SORTS,
        "reject_reasons": AuditEntry.Reason.choices,
        "here": request.get_full_path(),
        "recent": queue.recent_decisions(request.user),
    }
    return render(request, "moderation/queue.html", context)


@require_POST
@moderator_required
def act(request: HttpRequest, pk: int) -> HttpResponse:
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return _back(request)
    data = form.cleaned_data
    try:
        _perform(pk, request.user, data)
    except (services.AlreadyHandled, services.CommentRejected) as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, f"Comment #{pk}: {dict(form.fields['action'].choices)[data['action']]}.")
    return _back(request, focus=data["focus"])


def _perform(pk: int, user, data: dict) -> None:
    expected = data["expected"] or None
    if data["action"] in ("approve", "approve_collapsed"):
        services.approve(pk, user, expected=expected, collapsed=data["action"] == "approve_collapsed")
    elif data["action"] == "reject":
        services.reject(
            pk, user, data["reason"], data["note"], expected=expected, explanation=data["explanation"]
        )
    else:
        services.mark_spam_and_ban(pk, user, data["note"], expected=expected)


@require_POST
@moderator_required
def bulk(request: HttpRequest) -> HttpResponse:
    form = BulkActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return _back(request)
    data = form.cleaned_data
    done, refused = services.bulk_moderate(
        form.seen(), data["action"], request.user, data["reason"], data["note"], data["explanation"]
    )
    if done:
        messages.success(request, f"{len(done)} comment(s) handled.")
    for refusal in refused:
        messages.warning(request, refusal)
    return _back(request)


@require_POST
@moderator_required
def undo(request: HttpRequest, entry_id: int) -> HttpResponse:
    try:
        entry = services.undo(entry_id, request.user)
    except (services.AlreadyHandled, services.CommentRejected) as exc:
        messages.warning(request, str(exc))
    else:
        status = entry.get_to_status_display().lower()
        messages.success(request, f"Undone: comment #{entry.comment_id} is {status} again.")
    return _back(request)


@require_GET
@moderator_required
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    entries = AuditEntry.objects.select_related("actor", "comment__article", "comment__author")
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["actor"]:
            entries = entries.filter(actor__username__iexact=data["actor"].strip())
        if data["comment"]:
            entries = entries.filter(comment_id=data["comment"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "login_alerts": LoginAlert.objects.all()[:10]}
    return render(request, "moderation/audit.html", context)


@moderator_required
def link_domains(request: HttpRequest) -> HttpResponse:
    """The allow list of link domains: add or remove one, see who changed what."""
    if request.method == "POST":
        form = LinkDomainForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                change = domains.set_domain(data["domain"], data["allowed"], request.user, data["note"])
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, str(change) if change else "Nothing to change.")
        else:
            messages.error(request, first_error(form))
        return redirect("moderation:link_domains")
    context = {
        "allowed": sorted(domains.allowed_domains()),
        "learned": sorted(domains.learned_domains() - domains.allowed_domains()),
        "history": LinkDomainChange.objects.select_related("actor")[:50],
        "form": LinkDomainForm(),
    }
    return render(request, "moderation/link_domains.html", context)


def _back(request: HttpRequest, focus: int | None = None) -> HttpResponse:
    """Back to the page, filters and position the moderator acted from; `focus` names the item to land on."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    response = redirect(target or "moderation:queue")
    if focus:
        response["Location"] += f"#item-{focus}"
    return response


def first_error(form) -> str:
    for errors in form.errors.values():
        return errors[0]
    return "That request was not understood."
