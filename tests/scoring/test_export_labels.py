"""Moderators' decisions become training labels for the next model."""

import json

import pytest
from django.core.management import CommandError, call_command

from moderation import services
from tests.blog.builders import make_comment
from tests.moderation.builders import make_held


def exported(tmp_path) -> list[dict]:
    target = tmp_path / "labels.jsonl"
    call_command("export_labels", output=str(target))
    return [json.loads(line) for line in target.read_text().splitlines()]


def test_each_decision_becomes_its_label(tmp_path, article, alice, bob, moderator):
    approved, drift, spam, rude = (
        make_held(article, alice, body) for body in ("ok", "slot cars", "buy", "rude")
    )
    services.approve(approved.pk, moderator)
    services.reject(drift.pk, moderator, "off_topic")
    services.mark_spam_and_ban(spam.pk, moderator)
    services.reject(rude.pk, moderator, "abusive")
    rows = {row["body"]: row["label"] for row in exported(tmp_path)}
    assert rows == {"ok": "ham", "slot cars": "off_topic", "buy": "spam"}


def test_the_latest_decision_wins_and_replies_carry_their_parent(tmp_path, article, alice, bob, moderator):
    parent = make_comment(article, bob, "Where to service it?")
    reply = make_held(article, alice, "At any Renault dealer", parent=parent)
    services.reject(reply.pk, moderator, "spam")
    services.approve(reply.pk, moderator, expected="rejected")
    (row,) = exported(tmp_path)
    assert (row["label"], row["parent_body"], row["article_title"]) == (
        "ham",
        "Where to service it?",
        article.title,
    )


def test_model_decisions_are_not_labels(tmp_path, article, alice):
    make_held(article, alice)
    assert exported(tmp_path) == []


def test_missing_output_directory_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="is not a directory"):
        call_command("export_labels", output=str(tmp_path / "nope" / "labels.jsonl"))
