"""Short, human-readable evidence behind a score, for the moderator queue."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.pipeline import Pipeline

from ml.pipelines import COMMENT, PARENT
from ml.semantic_features import SemanticDriftFeatures
from ml.spam_features import SIGNAL_LIMIT, pattern_matches, unseen_domains
from ml.text import STOP_WORDS, content_words, domains

TOP_PHRASES = 3


def spam_evidence(
    spam_head: Pipeline, vectors, signal_counts: np.ndarray, texts, site_domains: frozenset[str] = frozenset()
) -> list[tuple[str, ...]]:
    """For each row: links and their domains, money and contact patterns, then the phrases that pushed
    the score up most: evidence a moderator can check in the comment, never a single common word.

    `vectors` and `signal_counts` are what the scoring pass made (ml.pipelines.spam_vectors_and_signals):
    the phrases and counts are read off them, so nothing is vectorised or counted a second time.
    """
    features = spam_head.named_steps["features"]
    coefficients = spam_head.named_steps["classifier"].coef_.ravel()
    vectors = sparse.csr_matrix(vectors)
    word_columns = features.output_indices_["words"]
    word_values = vectors[:, word_columns]
    vocabulary = _vocabulary(features.named_transformers_["words"])
    counter = features.named_transformers_["signals"].named_steps["count"]
    known = counter.known_domains_ | site_domains
    signals = _signal_values(features, signal_counts)
    return [
        _signal_reasons(signals[i], str(texts[i])[:SIGNAL_LIMIT], known)
        + _phrases(_row(word_values, i), coefficients[word_columns], vocabulary)
        for i in range(vectors.shape[0])
    ]


def _row(matrix: sparse.csr_matrix, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Values and column indices of one CSR row (indexing a row through scipy costs far more)."""
    span = slice(matrix.indptr[i], matrix.indptr[i + 1])
    return matrix.data[span], matrix.indices[span]


def _signal_values(features, signal_counts: np.ndarray) -> list[dict[str, float]]:
    """The signal counts of each row (SpamSignals on the comment's opening), by name."""
    names = features.named_transformers_["signals"].named_steps["count"].get_feature_names_out()
    return [dict(zip(names, row, strict=True)) for row in signal_counts]


def _vocabulary(words) -> np.ndarray:
    """Feature names by column, built once per fitted vectoriser (60,000 strings are not free)."""
    if not hasattr(words, "_pitlane_vocabulary"):
        words._pitlane_vocabulary = words.get_feature_names_out()
    return words._pitlane_vocabulary


def _phrases(row, coefficients: np.ndarray, vocabulary: np.ndarray) -> tuple[str, ...]:
    values, columns = row
    contributions = values * coefficients[columns]
    pushing_up = [columns[k] for k in np.argsort(-contributions) if contributions[k] > 0]
    phrases = [f"'{vocabulary[c]}'" for c in pushing_up if _telling(vocabulary[c])][:TOP_PHRASES]
    return (f"phrases typical of spam: {', '.join(phrases)}",) if phrases else ()


def _telling(phrase: str) -> bool:
    """A phrase worth showing has two words or more, one of them not a stop word: a single word such as
    'check' or 'videos' is ordinary in car talk and tells a moderator nothing."""
    words = phrase.split()
    return len(words) >= 2 and any(word not in STOP_WORDS and len(word) > 2 for word in words)


def _signal_reasons(values: dict[str, float], text: str, known: frozenset[str]) -> tuple[str, ...]:
    # ratios and counts alike are floats; round before comparing or printing them
    reasons = []
    unseen = sorted(set(unseen_domains(domains(text), known)))
    if unseen and round(values["unseen_domain_links_in_a_pitch"]):
        reasons.append(f"promotes links to domains never seen on this site: {', '.join(unseen[:3])}")
    elif unseen and round(values["unseen_domain_links_bare"]):
        reasons.append(f"little but a link to a domain never seen on this site: {', '.join(unseen[:3])}")
    if round(values["profile_links"]):
        reasons.append("links to a profile, channel or fundraiser")
    if round(values["shortened_or_hidden_links"]):
        reasons.append(
            "hides where a link goes or whom it pays (link shortener, spelled-out address, referral code)"
        )
    money = pattern_matches(text, "money_patterns")
    if money:
        reasons.append(f"money patterns: {', '.join(money)}")
    contact = pattern_matches(text, "contact_patterns")
    if contact:
        reasons.append(f"asks to be contacted off-site: {', '.join(contact)}")
    promotion = [m for m in pattern_matches(text, "self_promotion", "calls_to_action") if " " in m]
    if promotion:
        reasons.append(f"promotion phrases: {', '.join(promotion)}")
    if values["shouting_ratio"] > 0.6:
        reasons.append(f"{values['shouting_ratio']:.0%} capital letters")
    return tuple(reasons)


@lru_cache(maxsize=64)
def _article_words(article: str) -> frozenset[str]:
    """An article's content words, once per article: a batch explains many comments under each one."""
    return frozenset(content_words(article))


def drift_evidence(pairs: SemanticDriftFeatures, features: np.ndarray, row: np.ndarray) -> tuple[str, ...]:
    """Closeness in meaning to the article, the reply chain and the discussion, with the shared words a
    moderator can check against the article."""
    value = dict(zip(pairs.get_feature_names_out(), features, strict=True))
    comment = set(content_words(row[COMMENT]))
    shared = len(comment & _article_words(row[0]))
    reasons = [
        f"meaning: similarity {value['sem_article']:.2f} to the article; "
        f"shares {shared} of {len(comment)} content words with it"
    ]
    if row[PARENT]:
        reasons.append(f"at best {value['sem_best_context']:.2f} to the comments it answers")
    if value["sem_member_max"] > 0:
        reasons.append(f"the closest other comment here is at similarity {value['sem_member_max']:.2f}")
        if value["sem_member_article_mean"] > value["sem_article"]:
            reasons.append(
                "the other comments stay closer to the article "
                f"(their mean similarity {value['sem_member_article_mean']:.2f})"
            )
    return tuple(reasons)
