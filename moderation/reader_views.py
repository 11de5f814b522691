"""A reader's dossier and the sanctions moderators give from it: parse, authorise, one service call."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from moderation import services
from moderation.dossier import dossier_of
from moderation.forms import DURATION_CHOICES, SANCTION_ACTIONS, NoteForm, SanctionForm
from moderation.views import first_error, moderator_required


@require_GET
@moderator_required
def dossier(request: HttpRequest, user_id: int) -> HttpResponse:
    context = {
        "dossier": dossier_of(user_id, request.GET.get("page")),
        "kinds": SANCTION_ACTIONS,
        "durations": DURATION_CHOICES,
    }
    return render(request, "moderation/dossier.html", context)


@require_POST
@moderator_required
def sanction(request: HttpRequest, user_id: int) -> HttpResponse:
    form = SanctionForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect("moderation:dossier", user_id=user_id)
    data = form.cleaned_data
    ends_at = services.suspension_end(data["duration"], data["custom_hours"])
    try:
        given = services.sanction(user_id, data["kind"], request.user, data["reason"], ends_at)
    except services.SanctionRefused as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, f"{given.get_kind_display()}: {given.reader.get_username()}.")
    return redirect("moderation:dossier", user_id=user_id)


@require_POST
@moderator_required
def add_note(request: HttpRequest, user_id: int) -> HttpResponse:
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        try:
            services.add_note(user_id, request.user, form.cleaned_data["text"])
        except services.SanctionRefused as exc:
            messages.warning(request, str(exc))
        else:
            messages.success(request, "Note saved (moderators only).")
    return redirect("moderation:dossier", user_id=user_id)
