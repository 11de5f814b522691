"""Admin pages for the model registry: parse, authorise, one service call, render or redirect."""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

import ml
from blog.ids import clean_id
from ml.report import side_by_side
from scoring import corpora, registry, retraining, shadow, verdicts
from scoring.forms import PromoteForm, ThresholdsForm, UploadCorpusForm
from scoring.models import ImportedCorpus, ModelAuditEntry, ModelVersion
from scoring.permissions import can_manage_models
from scoring.thresholds import apply_thresholds, threshold_choice

# In reading order, each with the caption (and alt text) the report page shows under it.
PLOTS = {
    "pr_spam.png": "Spam: precision against recall on the held-out decisions",
    "calibration_spam.png": "Spam: calibration (predicted score against observed share)",
    "histogram_spam.png": "Spam: score histograms by moderator label, candidate and live",
    "pr_drift.png": "Off-topic: precision against recall on the held-out decisions",
    "calibration_drift.png": "Off-topic: calibration (predicted score against observed share)",
    "histogram_drift.png": "Off-topic: score histograms by moderator label, candidate and live",
}


def manager_required(view: Callable) -> Callable:
    """Anonymous visitors go to the login page; anyone else without the permission gets 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_manage_models(request.user):
            raise PermissionDenied("Only staff with the 'manage models' permission can manage models.")
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@manager_required
def model_list(request: HttpRequest) -> HttpResponse:
    live = registry.live_version()
    context = {"versions": ModelVersion.objects.select_related("trained_by", "promoted_by")[:50],
               "live": live, "refusal": registry.live_refusal(live), "shadow": registry.shadow_version(),
               "rollback_to": registry.rollback_target(),
               "audit": ModelAuditEntry.objects.select_related("actor", "model", "previous")[:20],
               "corpora": ImportedCorpus.objects.select_related("imported_by")[:20]}
    return render(request, "scoring/list.html", context)


@require_POST
@manager_required
def retrain(request: HttpRequest) -> HttpResponse:
    row = retraining.request_retrain(request.user)
    messages.success(request, f"Retraining started as model #{row.pk}; this page shows its progress.")
    return redirect(row)


@require_GET
@manager_required
def model_report(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(ModelVersion.objects.select_related("trained_by", "promoted_by"), pk=pk)
    plots = [(name, caption) for name, caption in PLOTS.items() if _plot_path(row, name).is_file()]
    context = {"row": row, "report": row.report, "table": side_by_side(row.report), "plots": plots,
               "live": registry.live_version(), "verdict": verdicts.judge(row.report)}
    return render(request, "scoring/report.html", context)


@require_GET
@manager_required
def model_plot(request: HttpRequest, pk: int, name: str) -> FileResponse:
    row = get_object_or_404(ModelVersion, pk=pk)
    path = _plot_path(row, name)
    if name not in PLOTS or not path.is_file():
        raise Http404("No such plot.")
    return FileResponse(path.open("rb"), content_type="image/png")


@manager_required
def thresholds(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(ModelVersion, pk=pk, status=ModelVersion.Status.READY)
    form = ThresholdsForm(request.POST or request.GET or None)
    if request.method == "POST" and form.is_valid():
        return _apply_thresholds(request, row, form.cleaned_data)
    targets = form.targets() if form.is_valid() else ThresholdsForm.DEFAULT_TARGETS
    choice = threshold_choice(row, targets)
    return render(request, "scoring/thresholds.html", {"row": row, "form": form, **choice})


def _apply_thresholds(request: HttpRequest, row: ModelVersion, data: dict) -> HttpResponse:
    if data["spam_threshold"] is None or data["drift_threshold"] is None:
        messages.error(request, "Choose both thresholds before applying them.")
    else:
        try:
            apply_thresholds(row, data["spam_threshold"], data["drift_threshold"], request.user)
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
        else:
            messages.success(request, "New hold thresholds applied to every comment scored from now on.")
    return redirect("scoring:model_thresholds", pk=row.pk)


@require_GET
@manager_required
def shadow_page(request: HttpRequest) -> HttpResponse:
    row = registry.shadow_version()
    context = {"row": row, "stats": shadow.shadow_agreement(row) if row else None,
               "candidates": ModelVersion.objects.filter(status=ModelVersion.Status.READY, is_active=False)}
    return render(request, "scoring/shadow.html", context)


@require_POST
@manager_required
def set_shadow(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("model", "")
    version_id = clean_id(raw)
    return _registry_action(request, lambda: registry.set_shadow(version_id, request.user),
                            "Shadow scoring updated.", "scoring:model_shadow")


@require_http_methods(["GET", "POST"])
@manager_required
def promote(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (the live model changes for every worker); POST promotes, refused on
    an evaluation too small to judge unless the admin gives a reason to override (audited)."""
    if request.method == "GET":
        row = get_object_or_404(ModelVersion, pk=pk, status=ModelVersion.Status.READY)
        return _confirm(request, "promote", row)
    form = PromoteForm(request.POST)
    override = form.cleaned_data["override"] if form.is_valid() else ""
    ended_shadow = ModelVersion.objects.filter(pk=pk, is_shadow=True).exists()
    success = "Promoted: workers score with it from their next comment."
    if ended_shadow:
        success += " Its shadow run has ended."
    return _registry_action(request, lambda: registry.promote_reviewed(pk, request.user, override=override),
                            success)


@require_http_methods(["GET", "POST"])
@manager_required
def rollback(request: HttpRequest) -> HttpResponse:
    """GET asks for confirmation and names the model that would come back; POST rolls back."""
    if request.method == "GET":
        target = registry.rollback_target()
        if target is None:
            messages.info(request, "Nothing to roll back to: no model has replaced another yet.")
            return redirect("scoring:models")
        return _confirm(request, "rollback", target)
    return _registry_action(request, lambda: registry.rollback(request.user),
                            "Rolled back: the previous model is live again.")


def _confirm(request: HttpRequest, action: str, row: ModelVersion) -> HttpResponse:
    context = {"action": action, "row": row, "live": registry.live_version(),
               "verdict": verdicts.judge(row.report), "form": PromoteForm()}
    return render(request, "scoring/confirm.html", context)


def _registry_action(request: HttpRequest, action: Callable, success: str,
                     target: str = "scoring:models") -> HttpResponse:
    try:
        action()
    except ml.ModelError as error:
        messages.error(request, f"Refused: {error}. The live model is unchanged.")
    else:
        messages.success(request, success)
    return redirect(target)


@manager_required
def import_corpus(request: HttpRequest) -> HttpResponse:
    form = UploadCorpusForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            corpus = _import_upload(upload, form.cleaned_data["format"], request.user)
        except corpora.CorpusRejected as error:
            form.add_error("file", f"Nothing was imported: {error}")
        else:
            messages.success(request, f"Imported {sum(corpus.counts.values())} examples from {corpus.name}.")
            return redirect("scoring:models")
    return render(request, "scoring/import.html", {"form": form})


def _import_upload(upload, fmt: str, user) -> ImportedCorpus:
    """Loaders read paths, so the upload goes to a temporary file that keeps its name's suffix."""
    name = Path(upload.name).name
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return corpora.import_corpus(path, fmt, user, name=name)


def _plot_path(row: ModelVersion, name: str) -> Path:
    return Path(row.directory or "/nonexistent") / "plots" / Path(name).name
