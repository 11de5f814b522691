"""Forms validate moderator input only; the decisions live in `moderation.services`."""
from __future__ import annotations

from django import forms

from blog.ids import IdField, clean_id
from blog.models import Comment
from moderation.models import AuditEntry, Sanction
from moderation.queue import REASON_CODES, SORTS, TABS, Filters

ACTIONS = (("approve", "Approve"), ("reject", "Reject"), ("spam", "Spam + ban author"))
# One comment at a time, a moderator may also publish it folded behind "show off-topic comment".
ITEM_ACTIONS = (*ACTIONS, ("approve_collapsed", "Approve as collapsed"))


class QueueFilterForm(forms.Form):
    tab = forms.ChoiceField(choices=[(tab.key, tab.label) for tab in TABS], required=False)
    reason = forms.ChoiceField(choices=[("", "Any reason"), *REASON_CODES.items()], required=False)
    article = IdField(required=False)
    author = forms.CharField(max_length=150, required=False)
    sort = forms.ChoiceField(choices=list(SORTS.items()), required=False)

    def filters(self) -> Filters:
        """The cleaned filters; anything invalid falls back to the default rather than erroring."""
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            tab=data.get("tab") or "held",
            reason=data.get("reason") or "",
            article_id=data.get("article"),
            author=(data.get("author") or "").strip(),
            sort=data.get("sort") or "oldest",
        )


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=ITEM_ACTIONS)
    reason = forms.ChoiceField(choices=[("", "—"), *AuditEntry.Reason.choices], required=False)
    note = forms.CharField(max_length=500, required=False)  # internal: moderators only
    explanation = forms.CharField(max_length=500, required=False)  # public: shown to the author
    expected = forms.ChoiceField(choices=Comment.Status.choices, required=False)
    # The item that takes the focus afterwards, so the queue reopens where the moderator was.
    focus = forms.IntegerField(min_value=1, required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not data.get("reason"):
            self.add_error("reason", "Choose a reason for the rejection.")
        return data


class BulkActionForm(forms.Form):
    """Each selected item arrives as "<id>:<status the moderator saw>", e.g. "42:held"."""

    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.ChoiceField(choices=[("", "—"), *AuditEntry.Reason.choices], required=False)
    note = forms.CharField(max_length=500, required=False)  # internal: moderators only
    explanation = forms.CharField(max_length=500, required=False)  # public: shown to the author
    ids = forms.MultipleChoiceField(choices=(), error_messages={"required": "Select at least one comment."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else self.data.get("ids", [])
        # Any "<id>:<status>" pair is a valid choice; the service refuses ids it cannot act on, one by one.
        self.fields["ids"].choices = [(value, value) for value in raw if _seen_pair(value)][:200]

    def seen(self) -> dict[int, str]:
        """Comment id -> the status it was seen in, in the order selected."""
        return dict(_seen_pair(value) for value in self.cleaned_data["ids"])


def _seen_pair(value: object) -> tuple[int, str] | None:
    comment_id, _, status = str(value).partition(":")
    if clean_id(comment_id) and status in Comment.Status.values:
        return int(comment_id), status
    return None


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(choices=[("", "Any action"), *AuditEntry.Action.choices], required=False)
    actor = forms.CharField(max_length=150, required=False)
    comment = IdField(required=False)


Kind = Sanction.Kind
# What the moderator does (verbs), in the order the form offers them; the history uses the kinds' labels.
SANCTION_ACTIONS = (
    (Kind.SUSPEND, "Suspend"), (Kind.LIFT_SUSPENSION, "Lift suspension"),
    (Kind.PREMODERATE, "Premoderate"), (Kind.LIFT_PREMODERATION, "Stop premoderating"),
    (Kind.BAN, "Ban"), (Kind.UNBAN, "Unban"), (Kind.TRUST, "Trust"), (Kind.UNTRUST, "Withdraw trust"),
)
DURATION_CHOICES = (("1h", "1 hour"), ("24h", "24 hours"), ("7d", "7 days"), ("custom", "Custom (hours)"))


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(choices=SANCTION_ACTIONS)
    duration = forms.ChoiceField(choices=[("", "—"), *DURATION_CHOICES], required=False)
    custom_hours = forms.IntegerField(min_value=1, max_value=24 * 366, required=False)
    reason = forms.CharField(max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") == Kind.SUSPEND:
            if not data.get("duration"):
                self.add_error("duration", "Choose how long the suspension lasts.")
            elif data["duration"] == "custom" and not data.get("custom_hours"):
                self.add_error("custom_hours", "Give the number of hours.")
        return data


class NoteForm(forms.Form):
    text = forms.CharField(max_length=1000)


class LinkDomainForm(forms.Form):
    """Allow or disallow one link domain (cleaned into a bare host name by the service)."""

    domain = forms.CharField(max_length=300)
    allowed = forms.TypedChoiceField(
        choices=(("1", "Allow"), ("0", "Disallow")), coerce=lambda value: value == "1"
    )
    note = forms.CharField(max_length=200, required=False)


def _word_list_field() -> forms.CharField:
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), required=False, max_length=20_000)


class WordListsForm(forms.Form):
    banned_words = _word_list_field()
    blocked_words = _word_list_field()
