"""A tiny stand-in for the trained model, for tests that need exact scores or a slow or failing model.

The comment says what it should score: "[spam 0.93]", "[drift 0.6]"; "[slow 3]" sleeps three seconds
first, "[fail]" raises a transient database error, "[crash]" a non-transient one.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass

from django.db import OperationalError

from ml.types import Score

log = logging.getLogger(__name__)
VERSION = "tagged-1"
# The shape a trained model's thresholds have (ml.train): off topic from "drift" (published collapsed),
# held for a moderator from "drift_hold".
THRESHOLDS = {"spam": 0.5, "drift": 0.45, "drift_hold": 0.7}


@dataclass
class TaggedModel:
    version: str = VERSION
    thresholds: dict | None = None

    def score(self, comments: list, site_domains=()) -> list:
        return [self._score_one(comment.body, comment.discussion) for comment in comments]

    def _score_one(self, body: str, discussion: str = ""):
        slow = re.search(r"\[slow ([\d.]+)\]", body)
        if slow:
            log.warning("tagged model sleeping %s s on: %s", slow.group(1), body)
            time.sleep(float(slow.group(1)))
        if "[fail]" in body:
            raise OperationalError("database is locked (test)")
        if "[crash]" in body:
            raise ValueError("model exploded (test)")
        # "[discussion drift X]" in another comment: what a comment read in that discussion scores
        spam, drift = _tag(body, "spam"), max(_tag(body, "drift"), _tag(discussion, "discussion drift"))
        reasons = (f"tagged spam {spam}",) if spam >= 0.5 else ()
        return Score(
            spam_score=spam, drift_score=drift, spam=spam >= 0.5, off_topic=drift >= 0.7, reasons=reasons
        )


def _tag(body: str, name: str) -> float:
    found = re.search(rf"\[{name} ([\d.]+)\]", body)
    return float(found.group(1)) if found else 0.05


_MODEL = TaggedModel(thresholds=THRESHOLDS)


def load(*, bootstrap: bool = True) -> TaggedModel:
    """The adapter's signature (scoring.live_model.get_active_model); there is nothing to bootstrap."""
    return _MODEL
