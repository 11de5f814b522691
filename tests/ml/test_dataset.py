from datetime import UTC, datetime, timedelta

import pytest

from ml.dataset import Decision, build_training_set, deduplicate, normalised_text, split_by_time
from ml.types import DataError, Example
from tests.ml.builders import DEALER_BODY, DEALER_TITLE, OFF_TOPIC, ON_TOPIC_BATTERY, SPAM, comment

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def example(body: str, label: str = "ham", title: str | None = None, source: str = "decision") -> Example:
    context = comment(body) if title is None else comment(body, title, DEALER_BODY)
    return Example(context, label, "thread", source)


def decision(body: str, label: str = "ham", hours: int = 0) -> Decision:
    return Decision(example(body, label), MONDAY + timedelta(hours=hours), ref=f"c{hours}")


def week_of_decisions(count: int = 10) -> list[Decision]:
    texts = ON_TOPIC_BATTERY + OFF_TOPIC + SPAM
    labels = ["ham"] * 4 + ["off_topic"] * 4 + ["spam"] * 4
    return [decision(texts[i], labels[i], hours=i) for i in range(count)]


def test_normalised_text_ignores_case_punctuation_spacing_and_html():
    assert normalised_text("  Check OUT my&nbsp;channel!!!<br />") == normalised_text("check out my channel")


def test_copy_pasted_spam_under_two_articles_is_kept_once():
    first = example("Subscribe to my channel!!", "spam")
    copy = example("subscribe to my   CHANNEL", "spam", title=DEALER_TITLE)
    assert deduplicate([first, copy]) == [first]


def test_same_text_under_two_articles_stays_when_not_spam():
    """Whether a comment drifts depends on its article: one post can be on topic here, off topic there."""
    here = example(ON_TOPIC_BATTERY[0], "ham")
    there = example(ON_TOPIC_BATTERY[0], "off_topic", title=DEALER_TITLE)
    assert deduplicate([here, there]) == [here, there]


def test_most_recent_decisions_are_held_out():
    decisions = week_of_decisions(10)
    older, newest = split_by_time(list(reversed(decisions)), fraction=0.2)
    assert [d.ref for d in newest] == ["c8", "c9"]
    assert [d.ref for d in older] == [f"c{i}" for i in range(8)]


def test_a_single_decision_is_not_held_out():
    older, newest = split_by_time(week_of_decisions(1))
    assert (len(older), len(newest)) == (1, 0)


def test_hold_out_fraction_outside_zero_to_one_is_rejected():
    with pytest.raises(DataError, match="fraction"):
        split_by_time(week_of_decisions(4), fraction=1.0)


def test_held_out_text_never_appears_in_training():
    decisions = week_of_decisions(10)
    leaked = example(decisions[-1].example.comment.body, decisions[-1].example.label, source="seed")
    result = build_training_set(decisions, seed=[leaked], fraction=0.2)
    held_texts = {normalised_text(d.example.comment.body) for d in result.holdout}
    assert held_texts.isdisjoint(normalised_text(e.comment.body) for e in result.train)
    assert result.summary["duplicates_dropped"]["seed"] == 1


def test_decision_wins_over_seed_copy_with_another_label():
    body = ON_TOPIC_BATTERY[0]
    moderator = decision(body, "off_topic", hours=0)
    seed_copy = example(body, "ham", source="seed")
    result = build_training_set([moderator], seed=[seed_copy], fraction=0.0)
    assert [(e.label, e.source) for e in result.train] == [("off_topic", "decision")]


def test_newest_decision_wins_when_a_comment_was_decided_twice():
    body = OFF_TOPIC[0]
    decisions = [decision(body, "ham", hours=0), decision(body, "off_topic", hours=5)]
    result = build_training_set(decisions, fraction=0.0)
    assert [e.label for e in result.train] == ["off_topic"]


def test_summary_counts_labels_and_sources_on_both_sides():
    seed = [example(text, "ham", source="seed") for text in ON_TOPIC_BATTERY]
    result = build_training_set(week_of_decisions(10), seed=seed, fraction=0.2)
    summary = result.summary
    assert summary["train"]["examples"] == len(result.train) == 8
    assert summary["train"]["sources"] == {"decision": 8}
    assert summary["duplicates_dropped"]["seed"] == 4
    assert summary["holdout"]["labels"] == {"spam": 2}
    assert summary["holdout"]["to"] == (MONDAY + timedelta(hours=9)).isoformat()
