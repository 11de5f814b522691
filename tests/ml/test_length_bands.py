import numpy as np

from ml.length_bands import ArticleLengthBands
from ml.pipelines import as_array, drift_head
from ml.semantic_features import ARTICLE_LENGTH_COLUMN, SemanticDriftFeatures
from tests.ml.builders import world_examples


def rows(article_words, similarity):
    """Feature rows: column 0 a similarity, column 1 log1p(article content words)."""
    return np.column_stack([similarity, np.log1p(article_words)])


def test_a_comment_under_a_long_article_reads_both_weight_sets_and_under_a_short_one_only_the_base():
    X = rows([10, 20, 300, 400], [0.1, 0.5, 0.2, 0.9])
    bands = ArticleLengthBands(length_column=1).fit(X)
    out = bands.transform(X)
    scaled, long_part = out[:, :2], out[:, 2:4]
    assert np.allclose(long_part[:2], 0.0)
    assert np.allclose(long_part[2:], scaled[2:])


def test_the_gate_rises_between_the_band_edges():
    bands = ArticleLengthBands(length_column=1).fit(rows([10, 300], [0.1, 0.2]))
    gate = bands.gate(rows([30, 55, 100], [0, 0, 0]))
    assert gate[0] == 0.0 and gate[2] == 1.0 and 0.0 < gate[1] < 1.0


def test_with_one_kind_of_article_the_long_article_weights_stay_unused():
    X = rows([300, 350, 400, 500], [0.1, 0.5, 0.2, 0.9])
    out = ArticleLengthBands(length_column=1).fit(X).transform(rows([10, 300], [0.3, 0.3]))
    assert np.allclose(out[:, 2:], 0.0)


def test_a_comment_under_a_thin_context_reads_the_thin_article_weights_too():
    X = rows([5, 8, 30, 300], [0.1, 0.5, 0.2, 0.9])
    out = ArticleLengthBands(length_column=1).fit(X).transform(X)
    scaled, thin_part = out[:, :2], out[:, 4:]
    assert np.allclose(thin_part[:2], scaled[:2])
    assert np.allclose(thin_part[2:], 0.0)


def test_the_thin_gate_falls_between_its_edges():
    bands = ArticleLengthBands(length_column=1).fit(rows([5, 300], [0.1, 0.2]))
    gate = bands.thin_gate(rows([12, 15, 20], [0, 0, 0]))
    assert gate[0] == 1.0 and gate[2] == 0.0 and 0.0 < gate[1] < 1.0


def test_the_drift_head_gates_on_the_articles_length_column():
    fitted = SemanticDriftFeatures().fit(as_array([e.comment for e in world_examples()]))
    names = list(fitted.get_feature_names_out())
    assert names[ARTICLE_LENGTH_COLUMN] == "log_article_words"
    assert drift_head().named_steps["scale"].length_column == ARTICLE_LENGTH_COLUMN
