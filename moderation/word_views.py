"""The word lists page: edit, preview the last week's effect, save (audited). Moderators only."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from moderation.forms import WordListsForm
from moderation.models import ModerationSettings, WordListChange
from moderation.services import word_lists
from moderation.views import first_error, moderator_required


@require_http_methods(["GET", "POST"])
@moderator_required
def edit_word_lists(request: HttpRequest) -> HttpResponse:
    current = ModerationSettings.load()
    form = WordListsForm(request.POST or None, initial={
        "banned_words": current.banned_words, "blocked_words": current.blocked_words,
    })
    context = {"form": form, "changes": WordListChange.objects.select_related("actor")[:10], "preview": None}
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, first_error(form))
            return render(request, "moderation/word_lists.html", context)
        banned, blocked = form.cleaned_data["banned_words"], form.cleaned_data["blocked_words"]
        try:
            if "save" in request.POST:
                word_lists.save_word_lists(request.user, banned, blocked)
                messages.success(request, "Word lists saved; new comments are checked against them.")
                return redirect("moderation:word_lists")
            context["preview"] = word_lists.preview(banned, blocked)
        except ValueError as exc:
            messages.error(request, str(exc))
    return render(request, "moderation/word_lists.html", context)
