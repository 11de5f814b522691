"""The hold thresholds an admin chose, as the policy's input from then on."""
from __future__ import annotations

from moderation.models import ModerationSettings


def set_hold_thresholds(spam: float, drift: float) -> ModerationSettings:
    """Hold at these thresholds instead of the model's own, keeping the other knobs consistent.

    Raises ValidationError (and saves nothing) for values outside 0..1. Call inside the caller's
    transaction when something else must change with it.
    """
    current = ModerationSettings.load()
    current.use_model_thresholds = False
    current.spam_hold_threshold, current.drift_hold_threshold = spam, drift
    current.spam_reject_threshold = max(current.spam_reject_threshold, spam)
    current.drift_collapse_threshold = min(current.drift_collapse_threshold, drift)
    current.full_clean()
    current.save()
    return current
