"""The fitted two-headed model and the evidence it gives a moderator."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn import config_context
from sklearn.pipeline import Pipeline

from ml.discussion import with_discussions
from ml.pipelines import as_array, spam_vectors_and_signals
from ml.spam_features import with_evidence_ceilings
from ml.types import CommentInput, Score

SPAM_REASON_FLOOR = 0.3  # below this spam probability no spam evidence is worth a moderator's time
DRIFT_REASON_FLOOR = 0.3


@dataclass
class ModerationModel:
    """Spam and drift heads with the thresholds picked for them at training time."""

    spam_head: Pipeline
    drift_head: Pipeline
    thresholds: dict[str, float]
    metadata: dict = field(default_factory=dict)

    @property
    def version(self) -> str:
        return str(self.metadata.get("version", "unsaved"))

    def score(
        self, comments: Sequence[CommentInput], site_domains: Iterable[str] = ()
    ) -> list[Score]:
        """Score a batch; contexts shared by many comments are processed once.

        Comments of the batch under the same article are each other's discussion (ml.discussion).
        `site_domains` are link domains the site knows as ordinary (its published comments' domains,
        the moderators' allow list): a link to one of them is no evidence of spam.
        """
        if not comments:
            return []
        # Every array here is built by this package, so scikit-learn's checks of hyper-parameters and
        # helper arguments repeat what is known; skipped, they no longer dominate a single comment.
        with config_context(skip_parameter_validation=True):
            return self._score(comments, frozenset(d.lower() for d in site_domains))

    def _score(self, comments: Sequence[CommentInput], site_domains: frozenset[str]) -> list[Score]:
        X = as_array(with_discussions(comments))
        vectors, signal_counts = spam_vectors_and_signals(self.spam_head[0], X, site_domains)
        spam_scores = with_evidence_ceilings(self.spam_head[-1].predict_proba(vectors)[:, 1], signal_counts)
        pairs = self.drift_head[:1].transform(X)
        drift_scores = self.drift_head[1:].predict_proba(pairs)[:, 1]
        spam_reasons = self._spam_reasons(vectors, signal_counts, spam_scores, X[:, -1], site_domains)
        return [
            Score(
                spam_score=float(spam_scores[i]),
                drift_score=float(drift_scores[i]),
                spam=bool(spam_scores[i] >= self.thresholds["spam"]),
                off_topic=bool(drift_scores[i] >= self.thresholds["drift"]),
                reasons=spam_reasons[i] + self._drift_reasons(pairs[i], drift_scores[i], X[i]),
            )
            for i in range(len(X))
        ]

    def _spam_reasons(
        self, vectors, signal_counts, spam_scores: np.ndarray, texts: np.ndarray, site_domains: frozenset[str]
    ) -> list[tuple[str, ...]]:
        """Evidence for the rows worth a moderator's look, read off the vectors the scoring pass made."""
        reasons: list[tuple[str, ...]] = [() for _ in range(len(spam_scores))]
        suspicious = np.flatnonzero(spam_scores >= SPAM_REASON_FLOOR)
        if len(suspicious):
            from ml.reasons import spam_evidence

            rows = (vectors[suspicious], signal_counts[suspicious], texts[suspicious])
            evidence = spam_evidence(self.spam_head, *rows, site_domains)
            for i, row_evidence in zip(suspicious, evidence, strict=True):
                reasons[i] = row_evidence
        return reasons

    def _drift_reasons(self, pairs: np.ndarray, drift_score: float, row: np.ndarray) -> tuple[str, ...]:
        if drift_score < DRIFT_REASON_FLOOR:
            return ()
        from ml.reasons import drift_evidence

        return drift_evidence(self.drift_head[0], pairs, row)
