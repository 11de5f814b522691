"""Readers' own account pages: settings and the one-click unsubscribe link from e-mails."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from blog import accounts
from blog.forms import ReaderSettingsForm


@login_required
def account_settings(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = ReaderSettingsForm(data, initial=accounts.emails_on(request.user), user=request.user)
    if request.method == "POST" and form.is_valid():
        accounts.set_emails(request.user, **form.cleaned_data)
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
