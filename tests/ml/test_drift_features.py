from dataclasses import replace

import numpy as np
import pytest

from ml.discussion import discussion_members, discussion_text
from ml.evaluate import false_alarm_floor, threshold_for_balanced_accuracy
from ml.pipelines import as_array
from ml.semantic_features import SemanticDriftFeatures
from ml.train import DRIFT_FALSE_ALARM_RATE, _drift_false_alarm_floor, _drift_threshold
from tests.ml.builders import OFF_TOPIC, comment, world_examples

NEIGHBOURS = [
    "The heat pump keeps the range up in winter.",
    "Dealers still charge too much for the winter tyre package.",
    "My old diesel never cared about the cold at all.",
]


@pytest.fixture(scope="module")
def fitted():
    return SemanticDriftFeatures().fit(as_array([e.comment for e in world_examples()]))


def features_of(fitted, rows):
    names = list(fitted.get_feature_names_out())
    values = fitted.transform(as_array(rows))
    return lambda row, name: values[row, names.index(name)]


def in_discussion(body, others):
    return replace(comment(body), discussion=discussion_text(body, others))


def test_a_comment_with_blank_lines_stays_one_member_of_its_discussion():
    text = discussion_text("First point.\n\nSecond point.", ["One line.\n\nAnother line.", "Short."])
    assert discussion_members(text) == [
        "One line.\n\nAnother line.",
        "Short.",
        "First point.\n\nSecond point.",
    ]


def test_a_comment_that_takes_up_one_neighbour_has_a_close_member_and_drift_has_none(fitted):
    follows = "Without a heat pump my range drops a lot in winter."
    value = features_of(fitted, [in_discussion(follows, NEIGHBOURS), in_discussion(OFF_TOPIC[0], NEIGHBOURS)])
    assert value(0, "sem_member_max") > value(1, "sem_member_max") + 0.2
    assert value(0, "sem_member_max") > value(0, "sem_discussion") - 0.2


def test_neither_the_comment_nor_a_copy_by_another_reader_is_its_neighbour(fitted):
    body = OFF_TOPIC[1]
    copy = body.upper() + "!"
    value = features_of(fitted, [in_discussion(body, NEIGHBOURS), in_discussion(body, [*NEIGHBOURS, copy])])
    assert value(0, "sem_member_max") < 0.5
    assert value(1, "sem_member_max") == pytest.approx(value(0, "sem_member_max"))


def test_a_neighbour_on_the_articles_subject_vouches_for_a_comment_that_follows_it(fitted):
    # Only the neighbour's closeness to the article tells this reply from a comment that follows an
    # off-topic neighbour.
    follows = "Fifteen minutes at a fast charger would already do for me, honestly."
    on_subject = (
        "Charging from ten to eighty percent in ten minutes at a fast charger would change everything."
    )
    off_subject = "Fifteen minutes of bread proving would already do for me, honestly."
    value = features_of(
        fitted,
        [
            in_discussion(follows, [on_subject, OFF_TOPIC[0]]),
            in_discussion(follows, [off_subject, OFF_TOPIC[0]]),
        ],
    )
    assert value(0, "sem_article") == pytest.approx(value(1, "sem_article"))
    assert value(0, "sem_two_hop") > value(1, "sem_two_hop")
    assert value(0, "sem_member_article_mean") > value(1, "sem_member_article_mean")


def test_a_comment_alone_has_no_discussion_statistics(fitted):
    value = features_of(fitted, [comment(OFF_TOPIC[2]), in_discussion(OFF_TOPIC[2], [])])
    for row in (0, 1):
        for name in ("sem_discussion", "sem_member_max", "sem_member_article_mean", "sem_two_hop"):
            assert value(row, name) == 0.0


def test_lengths_count_distinct_content_words(fitted):
    short, long = "Heat pump range.", "The heat pump range in winter matters more than the quoted range."
    value = features_of(fitted, [comment(short), comment(long)])
    assert value(0, "log_comment_words") == pytest.approx(np.log1p(3))
    assert value(1, "log_comment_words") > value(0, "log_comment_words")
    assert value(0, "log_article_words") == value(1, "log_article_words") > 0


def test_drift_threshold_is_chosen_on_sources_that_hold_both_classes():
    mixed_scores = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
    mixed_truth = [False] * 4 + [True] * 4
    scores = np.asarray(mixed_scores + [0.65] * 10)
    truth = np.asarray(mixed_truth + [False] * 10)
    sources = np.asarray(["jsonl"] * 8 + ["youtube"] * 10)
    pooled = threshold_for_balanced_accuracy(truth, scores)
    chosen = _drift_threshold(truth, scores, sources)
    assert chosen == threshold_for_balanced_accuracy(np.asarray(mixed_truth), np.asarray(mixed_scores))
    assert chosen != pooled


def test_drift_threshold_falls_back_to_every_row_when_no_source_holds_both_classes():
    scores = np.asarray([0.1, 0.3, 0.6, 0.9])
    truth = np.asarray([False, False, True, True])
    sources = np.asarray(["a", "a", "b", "b"])
    assert _drift_threshold(truth, scores, sources) == threshold_for_balanced_accuracy(truth, scores)


def test_drift_reasons_name_the_closest_other_comment(model):
    (score,) = model.score([in_discussion(OFF_TOPIC[3], NEIGHBOURS)])
    assert any(reason.startswith("the closest other comment here") for reason in score.reasons)


def thread_rows(on_topic_scores, source: str, off_topic: int = 10) -> tuple:
    """One source's rows: on-topic comments with the given scores and a few off-topic ones at 1.0."""
    scores = np.concatenate([on_topic_scores, np.ones(off_topic)])
    truth = np.concatenate([np.zeros(len(on_topic_scores), dtype=bool), np.ones(off_topic, dtype=bool)])
    return scores, truth, np.asarray([source] * len(scores))


def joined(*parts) -> tuple:
    return tuple(np.concatenate(column) for column in zip(*parts, strict=True))


def test_the_false_alarm_cap_holds_for_each_source_not_only_for_all_rows_pooled():
    forum = np.linspace(0.0, 0.9, 100)  # a hard source: its on-topic comments reach high scores
    scores, truth, sources = joined(thread_rows(forum, "forum"), thread_rows(np.zeros(400), "seed"))

    floor = _drift_false_alarm_floor(truth, scores, sources)

    assert (forum >= floor).mean() <= DRIFT_FALSE_ALARM_RATE
    assert floor > false_alarm_floor(truth, scores, DRIFT_FALSE_ALARM_RATE)


def test_a_source_of_on_topic_comments_only_sets_no_cap():
    scores, truth, sources = joined(
        thread_rows(np.full(100, 0.1), "forum"), thread_rows(np.full(100, 0.95), "youtube", off_topic=0)
    )
    assert _drift_false_alarm_floor(truth, scores, sources) <= 0.1 + 1e-9


def test_a_source_too_small_to_measure_its_share_sets_no_cap():
    scores, truth, sources = joined(
        thread_rows(np.full(100, 0.1), "forum"), thread_rows(np.full(5, 0.99), "tiny", off_topic=2)
    )
    assert _drift_false_alarm_floor(truth, scores, sources) <= 0.1 + 1e-9
