"""The batch scoring shortcuts give the numbers of the plain scikit-learn / one-comment-at-a-time paths."""

from dataclasses import replace

import numpy as np

from ml.discussion import discussion_text, with_discussions
from ml.pipelines import as_array, spam_vectors_and_signals
from tests.ml.builders import OFF_TOPIC, ON_TOPIC_BATTERY, SPAM, comment, world_examples


def batch():
    """World comments, a repeated comment, and comments whose discussion leaves them out."""
    comments = [e.comment for e in world_examples()]
    stranger = replace(
        comment(OFF_TOPIC[0]), discussion=discussion_text(ON_TOPIC_BATTERY[0], ON_TOPIC_BATTERY[1:])
    )
    alone = replace(comment(SPAM[0]), article_title="A lone article", article_body="Nothing else here.")
    return with_discussions([*comments, comments[0], stranger, alone])


def test_spam_vectors_equal_the_column_transformers(model):
    X = as_array(batch())
    plain = model.spam_head[:-1].transform(X)
    fast, _ = spam_vectors_and_signals(model.spam_head[0], X)
    assert plain.shape == fast.shape
    assert abs(plain - fast).max() == 0.0


def test_member_statistics_do_not_depend_on_the_rest_of_the_batch(model):
    pairs = model.drift_head[0]
    rows = batch()
    together = pairs.transform(as_array(rows))
    alone = np.vstack([pairs.transform(as_array([row])) for row in rows])
    np.testing.assert_allclose(together, alone, rtol=0, atol=1e-12)
