"""Readers' own account pages: settings, their data, deleting the account, the links from e-mails."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from blog import account_data, accounts
from blog.forms import DeleteAccountForm, ReaderSettingsForm
from blog.limits import ACCOUNT_DATA_PER_ACCOUNT, limited


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    initial = {"display_name": accounts.display_name(request.user), **accounts.emails_on(request.user)}
    data = request.POST if request.method == "POST" else None
    form = ReaderSettingsForm(data, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        choices = dict(form.cleaned_data)
        accounts.save_settings(request.user, choices.pop("display_name"), **choices)
        messages.success(request, "Your settings are saved.")
        return redirect("account_settings")
    context = {"form": form, "email_verified": accounts.email_verified(request.user)}
    return render(request, "registration/settings.html", context, status=400 if form.errors else 200)


# The signed token is the credential, and mail clients send the one-click POST (RFC 8058) without a
# CSRF cookie; the worst a forged request can do is what the token's owner asked for.
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    reader = accounts.reader_for_unsubscribe(token)
    if reader is None:
        return render(request, "registration/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        accounts.set_emails(reader, email_on_reply=False, email_on_decision=False)
        return render(request, "registration/unsubscribe.html", {"done": True, "reader": reader})
    # A GET only asks: link scanners in mail systems open every link and must not unsubscribe anyone.
    return render(request, "registration/unsubscribe.html", {"reader": reader, "token": token})


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST confirms: mail scanners open links and must not confirm an address for anyone."""
    if request.method == "POST":
        reader = accounts.verify_email(token)
        if reader is not None:
            return render(request, "registration/verify_email.html", {"done": True, "reader": reader})
    elif accounts.email_token_ok(token):
        return render(request, "registration/verify_email.html", {"token": token})
    return render(request, "registration/verify_email.html", {"invalid": True}, status=404)


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    if request.user.email and not accounts.email_verified(request.user):
        accounts.request_email_verification(request.user)
        messages.success(request, f"A confirmation link is on its way to {request.user.email}.")
    return redirect("account_settings")


@login_required
@require_POST
@limited(ACCOUNT_DATA_PER_ACCOUNT)
def download_data(request: HttpRequest) -> JsonResponse:
    """Everything the reader wrote or chose, as a JSON file (a POST: each download is audited)."""
    data = account_data.export_data(request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="pitlane-{request.user.pk}.json"'
    return response


@login_required
@limited(ACCOUNT_DATA_PER_ACCOUNT)
def delete_account(request: HttpRequest) -> HttpResponse:
    """Ask what becomes of the comments and the password again; then delete, log out, go home."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account_data.delete_account(request.user, keep_comments=form.cleaned_data["comments"] == "keep")
        except account_data.DeletionRefused as exc:
            messages.error(request, str(exc))
            return redirect("account_settings")
        logout(request)
        messages.success(request, "Your account is deleted. Thank you for taking part.")
        return redirect("blog:article_list")
    status = 400 if form.errors else 200
    return render(request, "registration/delete_account.html", {"form": form}, status=status)
