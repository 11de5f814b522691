"""The two scikit-learn heads and the array layout they read.

Both heads read the same 2-D array of texts (see `as_array`): article, parent comment, discussion
(see ml.discussion), comment.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MinMaxScaler, StandardScaler, normalize

from ml.discussion import chain_text
from ml.length_bands import ArticleLengthBands
from ml.semantic_features import ARTICLE_LENGTH_COLUMN, CommentMeaning, SemanticDriftFeatures
from ml.spam_features import SpamSignals, without_links
from ml.text import TOKEN_PATTERN, normalise
from ml.types import CommentInput

ARTICLE, PARENT, DISCUSSION, COMMENT = 0, 1, 2, 3
# Spam shows itself in the opening of a comment; reading only that keeps long posts fast to score.
CHAR_NGRAM_LIMIT = 250
WORD_NGRAM_LIMIT = 1000


def as_array(comments: Sequence[CommentInput]) -> np.ndarray:
    """Texts in the column order the heads expect, cleaned of HTML and byte-order marks.

    The parent column carries the reply's whole chain (ml.discussion.chain_text): the parent alone for
    most replies."""
    rows = [
        (
            f"{c.article_title}\n{c.article_body}".strip(),
            chain_text(
                normalise(c.parent_body), normalise(c.grandparent_body), [normalise(s) for s in c.subthread]
            ),
            c.discussion,
            normalise(c.body),
        )
        for c in comments
    ]
    return np.asarray(rows, dtype=object).reshape(-1, 4)


def spam_vectors_and_signals(
    features: ColumnTransformer, X: np.ndarray, site_domains: frozenset[str] = frozenset()
) -> tuple:
    """features.transform(X) (the same numbers, character n-grams counted word by word), and the raw
    signal counts of each row; `site_domains` count as seen on this site (see ml.spam_features).

    Character n-grams never cross a word (analyzer "char_wb"), so a text's counts are the sum of its
    words' counts, and a batch repeats the same few thousand words: each distinct word is cut into
    n-grams once per batch instead of once per occurrence. The raw signal counts are kept because the
    head reads them bounded to its training range, and a moderator's reasons need the real numbers.
    """
    blocks, signal_counts = [], None
    for name, transformer, columns in features.transformers_:
        if name == "remainder" and transformer == "drop":
            continue
        texts = X[:, columns]
        if isinstance(transformer, TfidfVectorizer) and transformer.analyzer == "char_wb":
            blocks.append(_tfidf_of_counts(transformer, _char_wb_counts(transformer, texts)))
        elif name == "signals":
            signal_counts = transformer[0].count(texts, site_domains)
            blocks.append(transformer[1:].transform(signal_counts))
        else:
            blocks.append(transformer.transform(texts))
    vectors = sp.hstack(blocks).tocsr()
    return (vectors if features.sparse_output_ else vectors.toarray()), signal_counts


def _char_wb_counts(vectorizer: TfidfVectorizer, texts) -> sp.csr_matrix:
    """The counts vectorizer's CountVectorizer.transform gives, from per-word n-gram columns."""
    vocabulary, preprocess = vectorizer.vocabulary_, vectorizer.build_preprocessor()
    # On one preprocessed word the analyzer cuts just that word's n-grams (analyzer "char_wb").
    word_ngrams = vectorizer.build_analyzer()
    word_columns: dict[str, list[int]] = {}
    columns: list[int] = []
    indptr = [0]
    for text in texts:
        for word in preprocess(vectorizer.decode(text)).split():
            found = word_columns.get(word)
            if found is None:
                ngrams = word_ngrams(word)
                found = word_columns[word] = [vocabulary[g] for g in ngrams if g in vocabulary]
            columns.extend(found)
        indptr.append(len(columns))
    counts = sp.csr_matrix(
        (np.ones(len(columns), dtype=vectorizer.dtype), np.asarray(columns, dtype=np.int32), indptr),
        shape=(len(indptr) - 1, len(vocabulary)),
    )
    counts.sum_duplicates()
    return counts


def _tfidf_of_counts(vectorizer: TfidfVectorizer, counts: sp.csr_matrix) -> sp.csr_matrix:
    """What the fitted vectorizer's tf-idf step makes of raw counts (as TfidfTransformer.transform)."""
    weighted = counts.astype(np.float64 if counts.dtype != np.float32 else np.float32).tocsr()
    if vectorizer.sublinear_tf:
        np.log(weighted.data, weighted.data)
        weighted.data += 1.0
    if vectorizer.use_idf:
        weighted.data *= vectorizer.idf_[weighted.indices]
    return normalize(weighted, norm=vectorizer.norm, copy=False) if vectorizer.norm else weighted


def opening_lowercase(text: str) -> str:
    """Preprocessor for character n-grams (module level so the pipeline pickles).

    Links are left out of every n-gram block: on a car site they point at retailers, manufacturers
    and photos as often as at spam, so only their domains count (ml.spam_features), and "https www
    com" is never a phrase typical of spam.
    """
    return without_links(text[:CHAR_NGRAM_LIMIT]).lower()


def opening_words(text: str) -> str:
    """Preprocessor for word n-grams: the same idea with a longer window, words being cheaper."""
    return without_links(text[:WORD_NGRAM_LIMIT]).lower()


def linkless_lowercase(text: str) -> str:
    """Preprocessor for the whole-comment unigram block."""
    return without_links(text).lower()


def spam_head(regularisation: float = 12.0) -> Pipeline:
    """Word and character n-grams of the comment, hand-chosen signals and the comment's sentence
    embedding, into a logistic regression.

    The n-gram blocks read the comment's opening; a plain word-unigram block reads all of it, so a
    pitch at the end of a long comment still counts. C=12 (and the unigram block) won on inner folds:
    train on one YouTube video + drift-train + seed, test on another, mean MCC over the six pairs
    0.891 (C=4, no unigrams) -> 0.898 (unigrams) -> 0.910 (unigrams, C=12); C=1 gave 0.808, C=30 the
    same as 12. Character 3-5-grams of the first 250 characters instead of 2-5-grams of 400 cut the
    block's cost by about 40% on long posts for the same inner figures (0.906, worst pair 0.892 vs 0.886).
    The embedding (the drift head's own, so scoring both heads encodes a comment once) raised the inner
    pairs' ROC-AUC from 0.975 to 0.984 and lowered the legitimate comments reaching the threshold out
    of fold from 0.28% to 0.25%; the decisions' MCC stayed 0.886, capped by spam without evidence.
    """
    features = ColumnTransformer(
        [
            (
                "words",
                TfidfVectorizer(
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    token_pattern=TOKEN_PATTERN,
                    min_df=1,
                    max_features=60000,
                    preprocessor=opening_words,
                ),
                COMMENT,
            ),
            ("unigrams", TfidfVectorizer(sublinear_tf=True, preprocessor=linkless_lowercase), COMMENT),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(3, 5),
                    sublinear_tf=True,
                    min_df=2,
                    max_features=120000,
                    preprocessor=opening_lowercase,
                ),
                COMMENT,
            ),
            (
                "signals",
                Pipeline(
                    [
                        ("count", SpamSignals()),
                        # Values beyond the training range count as its edge: a signal far outside
                        # what training saw (a 10-digit view count, a word said six times) must not
                        # outvote the rest. Affine within the range, so scaling is unchanged there.
                        ("bound", MinMaxScaler(clip=True)),
                        ("scale", StandardScaler()),
                    ]
                ),
                [ARTICLE, PARENT, COMMENT],
            ),
            ("meaning", CommentMeaning(), [COMMENT]),
        ]
    )
    classifier = LogisticRegression(C=regularisation, class_weight="balanced", max_iter=2000)
    return Pipeline([("features", features), ("classifier", classifier)])


def drift_head(regularisation: float = 0.3) -> Pipeline:
    """Meaning-level similarities (ml.semantic_features) into a plain logistic regression.

    A sentence encoder's cosines carry what words cannot: a short reply shares few words with anything,
    and a comment from another thread can share many. The lexical statistics the head read before
    (TF-IDF, language-model gain, KL, LSA against article, chain and discussion) were dropped with the
    encoder: fitted on the seed corpus alone, the lexical and semantic head ranked drift-train at 0.944
    and the car-forum drift set at 0.942 ROC-AUC, the semantic one at 0.960 / 0.966, for fewer comments
    of a held-out video read as off topic (1.8% at 0.5). Every feature is read three times, twice gated
    by the article's length (long; thin, as a video title: ml.length_bands).
    """
    return Pipeline(
        [
            ("pairs", SemanticDriftFeatures()),
            ("scale", ArticleLengthBands(length_column=ARTICLE_LENGTH_COLUMN)),
            ("classifier", LogisticRegression(C=regularisation, class_weight="balanced", max_iter=3000)),
        ]
    )
