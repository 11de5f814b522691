from sklearn.utils.estimator_checks import parametrize_with_checks

from ml.length_bands import ArticleLengthBands
from ml.semantic_features import CommentMeaning, SemanticDriftFeatures
from ml.spam_features import SpamSignals


@parametrize_with_checks(
    [SpamSignals(), ArticleLengthBands(), SemanticDriftFeatures(), CommentMeaning()]
)
def test_custom_transformers_follow_sklearn_conventions(estimator, check):
    check(estimator)
