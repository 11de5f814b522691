"""Forms of the model registry pages: they validate input and nothing else."""
from __future__ import annotations

from django import forms

from scoring.models import ImportedCorpus

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def _probability(label: str, initial: float | None = None, required: bool = True) -> forms.FloatField:
    return forms.FloatField(label=label, min_value=0.0, max_value=1.0, initial=initial, required=required)


class ThresholdsForm(forms.Form):
    """Target precisions to pick thresholds for; the chosen thresholds when applying them."""

    DEFAULT_TARGETS = {"spam": 0.95, "drift": 0.9}

    spam_target = _probability("Spam: target precision", DEFAULT_TARGETS["spam"])
    drift_target = _probability("Off-topic: target precision", DEFAULT_TARGETS["drift"])
    spam_threshold = _probability("Spam hold threshold", required=False)
    drift_threshold = _probability("Off-topic hold threshold", required=False)

    def targets(self) -> dict[str, float]:
        return {"spam": self.cleaned_data["spam_target"], "drift": self.cleaned_data["drift_target"]}


class PromoteForm(forms.Form):
    """An admin's reason to promote a candidate whose evaluation is too small to judge (audited)."""

    override = forms.CharField(
        label="Promote anyway, because", max_length=200, required=False, strip=True,
        help_text="Only when the report says there are not enough decisions; kept in the model audit.",
    )


class UploadCorpusForm(forms.Form):
    format = forms.ChoiceField(choices=ImportedCorpus.Format.choices)
    file = forms.FileField(help_text="JSONL, a YouTube CSV, or a 20 Newsgroups .tar.gz (50 MB at most).")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 50 MB.")
        return upload
