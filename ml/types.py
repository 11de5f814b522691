"""The value types every other part of the package (and the Django side) speaks."""

from __future__ import annotations

from dataclasses import dataclass

LABELS = ("ham", "spam", "off_topic")
# The shared drift set names its labels differently; both spellings are accepted everywhere.
LABEL_ALIASES = {
    "ham": "ham",
    "spam": "spam",
    "off_topic": "off_topic",
    "on_topic": "ham",
    "drift_same_domain": "off_topic",
    "drift_other_domain": "off_topic",
    "drift": "off_topic",  # the car-forum set's spelling; its `kind` says which drift
}
DRIFT_KINDS = ("drift_same_domain", "drift_other_domain")


class ModelError(Exception):
    """Base class for every refusal to load or use a model."""


class ModelIntegrityError(ModelError):
    """The model file does not match the SHA-256 its metadata records."""


class ModelVersionError(ModelError):
    """The model was saved by a scikit-learn version other than the one installed."""


class DataError(ValueError):
    """Training or scoring input is malformed; the message names the file and line."""


@dataclass(frozen=True)
class CommentInput:
    """One comment in its context: the article it sits under and the comment it replies to."""

    article_title: str
    article_body: str
    body: str
    parent_body: str = ""
    # The reply chain above the parent, and the other comments of the same sub-thread (the top-level
    # comment's replies), for a reply judged against the conversation it is part of.
    grandparent_body: str = ""
    subthread: tuple[str, ...] = ()
    # The discussion this comment is part of, the comment itself included (see ml.discussion).
    discussion: str = ""


@dataclass(frozen=True)
class Example:
    """A labelled comment for training; `group` keeps a thread (or video) together in cross-validation."""

    comment: CommentInput
    label: str
    group: str
    source: str = "jsonl"
    kind: str = ""  # the original label before aliasing, e.g. drift_same_domain


@dataclass(frozen=True)
class Score:
    """What the model says about one comment."""

    spam_score: float
    drift_score: float
    spam: bool
    off_topic: bool
    reasons: tuple[str, ...]

    @property
    def flagged(self) -> bool:
        """Held for a moderator when either head says so."""
        return self.spam or self.off_topic
