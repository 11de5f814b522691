"""Forms validate input only; saving goes through `moderation.services` and `blog.accounts`."""
from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm, UserCreationForm

from blog.accounts import display_name_problem, username_problem
from blog.ids import IdField
from blog.models import Comment, Report
from config.celery_app import enqueue_after_commit
from moderation.services.submission import REPLY_REFUSED


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=Comment.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": Comment.MAX_BODY}),
        error_messages={
            "required": "Your comment is empty.",
            "max_length": f"Comments are limited to {Comment.MAX_BODY:,} characters "
            "(yours has %(show_value)d).",
        },
    )
    parent = IdField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": REPLY_REFUSED,
            "min_value": REPLY_REFUSED,
            "max_value": REPLY_REFUSED,
        },
    )

    # One random key per rendered form ({% submission_key %}), so sending it twice saves one comment.
    key = forms.RegexField(
        regex=r"^[0-9a-f]{32}$",
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "The form was damaged on the way. Reload the page and try again."},
    )

    # "Post anyway" after the off-topic warning: post without checking again, and record the warning.
    post_anyway = forms.BooleanField(required=False)

    # Honeypot (templates/blog/_honeypot.html): hidden from people, filled in by form-stuffing bots.
    subject = forms.CharField(required=False, strip=False)

    def clean_subject(self) -> str:
        if self.cleaned_data["subject"]:
            raise forms.ValidationError("Your comment could not be posted.", code="honeypot")
        return ""

    def first_error(self) -> str:
        return next(iter(self.errors.values()))[0]


class EditForm(forms.Form):
    body = CommentForm.base_fields["body"]

    def first_error(self) -> str:
        return next(iter(self.errors.values()))[0]


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=Report.Reason.choices,
        error_messages={
            "required": "Choose a reason for the report.",
            "invalid_choice": "Choose a reason for the report.",
        },
    )
    note = forms.CharField(required=False, max_length=500)


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        required=False, help_text="Optional. Only used for reply notifications if you ask for them."
    )
    email_on_reply = forms.BooleanField(required=False, label="E-mail me when someone replies to me")

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")

    def clean_username(self) -> str:
        username = super().clean_username()
        problem = username_problem(username) if username else None
        if problem:
            raise forms.ValidationError(problem, code="confusable")
        return username

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("email_on_reply") and not cleaned.get("email"):
            self.add_error("email", "Add an e-mail address to get reply notifications.")
        return cleaned


class ReaderSettingsForm(forms.Form):
    display_name = forms.CharField(
        required=False, max_length=50, label="Display name",
        help_text="Shown above your @username on your comments. Leave it empty to show the username alone.",
    )
    email_on_reply = forms.BooleanField(required=False, label="E-mail me when someone replies to me")
    email_on_decision = forms.BooleanField(
        required=False, label="E-mail me when a moderator does not publish my comment, with their reason",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        problem = display_name_problem(name) if name else None
        if problem:
            raise forms.ValidationError(problem, code="display_name")
        return name

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in ("email_on_reply", "email_on_decision"):
            if cleaned.get(name) and not self.user.email:
                self.add_error(name, "Add an e-mail address to your account to get these e-mails.")
        return cleaned


class DeleteAccountForm(forms.Form):
    """What becomes of the comments, and the password again: a deletion cannot be undone."""

    comments = forms.ChoiceField(
        choices=[("keep", "Keep my published comments, shown as by “deleted account”"),
                 ("remove", "Remove my comments too (replies to them stay under a placeholder)")],
        widget=forms.RadioSelect, label="Your comments",
        error_messages={"required": "Choose what becomes of your comments."},
    )
    password = forms.CharField(widget=forms.PasswordInput, label="Your password", strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError("That is not your password.", code="password")
        return ""


class WorkerPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the worker sends the e-mail and makes its link (blog.tasks)."""

    def save(self, *args, **kwargs) -> None:
        for user in self.get_users(self.cleaned_data["email"]):
            enqueue_after_commit("blog.tasks.send_password_reset", user.pk)
