"""Build a training set from moderator decisions, imported corpora and the seed: de-duplicated, split by time.

The most recent decisions are held out because they are what the next model will face; a random split
would let a spam wave's copies sit on both sides and flatter the candidate.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ml.text import normalise
from ml.types import DataError, Example

HOLDOUT_FRACTION = 0.2
MIN_HOLDOUT = 1
_NON_WORD_RE = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Decision:
    """A moderator's verdict on a comment, dated so the newest can be held out; `ref` names the comment."""

    example: Example
    decided_at: datetime
    ref: str = ""


@dataclass(frozen=True)
class TrainingSet:
    """What training sees, what evaluation sees, and the summary a reviewer reads."""

    train: list[Example]
    holdout: list[Decision]
    summary: dict = field(default_factory=dict)


def normalised_text(text: str) -> str:
    """Text as a copy-paster leaves it: HTML, case, punctuation and spacing ignored."""
    return _NON_WORD_RE.sub(" ", normalise(text).lower()).strip()


def duplicate_key(example: Example) -> tuple[str, str]:
    """Spam is spam under any article, so its copies are one example; ham or drift depends on the article."""
    context = "" if example.label == "spam" else normalised_text(example.comment.article_title)
    return normalised_text(example.comment.body), context


def deduplicate(examples: Iterable[Example], seen: set | None = None) -> list[Example]:
    """The first example of each duplicate key (callers put the most trusted source first).

    `seen` carries keys across calls, so one source's copies of another's texts are dropped too.
    """
    return _first_of_each(examples, duplicate_key, set() if seen is None else seen)


def split_by_time(decisions: Sequence[Decision], fraction: float = HOLDOUT_FRACTION) -> tuple[list, list]:
    """(older, newest): the most recent `fraction` of decisions is held out, at least MIN_HOLDOUT of them."""
    if not 0.0 <= fraction < 1.0:
        raise DataError(f"hold-out fraction must be in [0, 1), got {fraction}")
    ordered = sorted(decisions, key=lambda d: d.decided_at)
    held = 0 if fraction == 0 or len(ordered) < 2 else max(MIN_HOLDOUT, round(len(ordered) * fraction))
    return ordered[: len(ordered) - held], ordered[len(ordered) - held :]


def build_training_set(
    decisions: Sequence[Decision],
    corpora: Sequence[Example] = (),
    seed: Sequence[Example] = (),
    *,
    fraction: float = HOLDOUT_FRACTION,
) -> TrainingSet:
    """1. split decisions by time; 2. keep held-out texts out of training (no leak);
    3. de-duplicate, trusting decisions (newest first) over imported corpora over the seed.
    """
    older, newest = split_by_time(decisions, fraction)
    seen: set = set()
    holdout = _first_of_each(reversed(newest), lambda d: duplicate_key(d.example), seen)
    newest_first = [d.example for d in reversed(older)]
    sources = {"decisions": newest_first, "corpora": list(corpora), "seed": list(seed)}
    train: list[Example] = []
    dropped: Counter[str] = Counter(holdout=len(newest) - len(holdout))
    for name, examples in sources.items():
        kept = deduplicate(examples, seen)
        dropped[name] = len(examples) - len(kept)
        train += kept
    summary = summarise(train, holdout) | {"duplicates_dropped": dict(dropped)}
    return TrainingSet(train, sorted(holdout, key=lambda d: d.decided_at), summary)


def summarise(train: Sequence[Example], holdout: Sequence[Decision] = ()) -> dict:
    """Counts per label and per source, for the models page and the model's metadata."""
    return {
        "train": {
            "examples": len(train),
            "labels": _counts(e.label for e in train),
            "sources": _counts(e.source for e in train),
        },
        "holdout": {
            "examples": len(holdout),
            "labels": _counts(d.example.label for d in holdout),
            "from": _isoformat(min((d.decided_at for d in holdout), default=None)),
            "to": _isoformat(max((d.decided_at for d in holdout), default=None)),
        },
    }


def _first_of_each(items: Iterable, key, seen: set) -> list:
    kept = []
    for item in items:
        item_key = key(item)
        if item_key not in seen:
            seen.add(item_key)
            kept.append(item)
    return kept


def _isoformat(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _counts(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))
