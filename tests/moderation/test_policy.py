"""Every policy rule, on plain values (the policy is pure: no database, no Django)."""

import subprocess
import sys

import pytest

from moderation.policy import (
    Action,
    PolicySettings,
    Standing,
    Submission,
    decide,
    matched_words,
    parse_word_list,
    reports_pull_back,
)

RULES = PolicySettings(spam_hold=0.5, spam_reject=0.97, drift_hold=0.7, drift_collapse=0.45)
REGULAR = Standing(published_count=5)


def submission(body: str = "The A110 needs dealers.", spam: float = 0.05, drift: float = 0.05, **fields):
    return Submission(body=body, spam_score=spam, drift_score=drift, **fields)


def test_clean_comment_is_published():
    verdict = decide(submission(), RULES, REGULAR)
    assert verdict.action == Action.PUBLISH
    assert verdict.reasons == ()


def test_spam_score_at_hold_threshold_is_held_with_model_evidence():
    verdict = decide(submission(spam=0.5, model_reasons=("2 links to unseen domains",)), RULES, REGULAR)
    assert verdict.action == Action.HOLD
    assert verdict.codes == ("spam",)
    assert "2 links to unseen domains" in verdict.reasons[0].text


def test_spam_score_just_below_hold_threshold_is_published():
    assert decide(submission(spam=0.49), RULES, REGULAR).action == Action.PUBLISH


def test_near_certain_spam_is_rejected_outright():
    verdict = decide(submission(spam=0.98), RULES, REGULAR)
    assert verdict.action == Action.REJECT
    assert verdict.reject_reason == "spam"


def test_drift_at_hold_threshold_is_held_as_off_topic():
    verdict = decide(submission(drift=0.7), RULES, REGULAR)
    assert verdict.action == Action.HOLD
    assert verdict.codes == ("off_topic",)


def test_mild_drift_between_collapse_and_hold_is_published_collapsed():
    verdict = decide(submission(drift=0.5), RULES, REGULAR)
    assert verdict.action == Action.COLLAPSE
    assert verdict.codes == ("off_topic",)


def test_drift_just_below_collapse_threshold_is_published_open():
    assert decide(submission(drift=0.44), RULES, REGULAR).action == Action.PUBLISH


def test_banned_word_holds_the_comment():
    rules = PolicySettings(banned_words=("bargain",))
    verdict = decide(submission("What a Bargain at that price"), rules, REGULAR)
    assert verdict.action == Action.HOLD
    assert verdict.codes == ("banned_word",)


def test_blocked_word_rejects_the_comment_as_abusive():
    rules = PolicySettings(blocked_words=("idiot",))
    verdict = decide(submission("Only an IDIOT buys this"), rules, REGULAR)
    assert verdict.action == Action.REJECT
    assert verdict.reject_reason == "abusive"


def test_words_match_whole_words_only():
    assert matched_words("Scunthorpe dealers", ["cunt"]) == []
    assert matched_words("a free-trial offer", ["free trial", "offer"]) == ["offer"]


def test_word_lists_split_on_lines_and_commas():
    assert parse_word_list("casino, crypto\n\n  cheap pills \n") == ("casino", "crypto", "cheap pills")


def test_new_commenter_is_held_until_enough_comments_are_published():
    rules = PolicySettings(premoderate_first=2)
    assert decide(submission(), rules, Standing(published_count=1)).codes == ("new_commenter",)
    assert decide(submission(), rules, Standing(published_count=2)).action == Action.PUBLISH


def test_premoderation_of_new_commenters_is_off_by_default():
    assert decide(submission(), PolicySettings(), Standing(published_count=0)).action == Action.PUBLISH


def test_trusted_reader_is_published_despite_high_scores():
    verdict = decide(submission(spam=0.99, drift=0.99), RULES, Standing(trusted=True))
    assert verdict.action == Action.PUBLISH
    assert verdict.codes == ("trusted",)


def test_trusted_reader_still_cannot_use_blocked_words():
    rules = PolicySettings(blocked_words=("idiot",))
    assert decide(submission("idiot"), rules, Standing(trusted=True)).action == Action.REJECT


def test_banned_author_is_rejected_even_when_trusted():
    verdict = decide(submission(), RULES, Standing(banned=True, trusted=True))
    assert verdict.action == Action.REJECT
    assert verdict.codes == ("banned_author",)


def test_premoderated_article_holds_every_comment():
    verdict = decide(submission(premoderate_article=True), RULES, REGULAR)
    assert verdict.action == Action.HOLD
    assert verdict.codes == ("premoderated_article",)


def test_every_hold_reason_is_listed():
    rules = PolicySettings(banned_words=("casino",), premoderate_first=1)
    verdict = decide(submission("casino", spam=0.6, drift=0.8, premoderate_article=True), rules, Standing())
    assert verdict.codes == ("spam", "off_topic", "banned_word", "premoderated_article", "new_commenter")


def test_held_comment_is_not_collapsed():
    assert decide(submission(spam=0.6, drift=0.5), RULES, REGULAR).action == Action.HOLD


def test_reports_reaching_the_threshold_pull_a_comment_back():
    rules = PolicySettings(reports_to_hold=3)
    assert not reports_pull_back(2, rules)
    assert reports_pull_back(3, rules)


def test_report_threshold_of_zero_turns_pull_back_off():
    assert not reports_pull_back(10, PolicySettings(reports_to_hold=0))


def test_policy_imports_without_django():
    code = "import sys, moderation.policy; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize("body", ["you id\u00adiot", "you idi\u200bot", "you іdіot", "you ＩＤＩＯＴ"])
def test_blocked_word_disguised_with_invisible_or_look_alike_letters_is_still_rejected(body):
    verdict = decide(submission(body), PolicySettings(blocked_words=("idiot",)), REGULAR)
    assert verdict.action == Action.REJECT


def test_banned_word_written_with_cyrillic_letters_is_still_held():
    verdict = decide(submission("best саsinо bonus"), PolicySettings(banned_words=("casino",)), REGULAR)
    assert verdict.codes == ("banned_word",)
    assert "casino" in verdict.reasons[0].text


def test_listed_word_with_accents_or_look_alikes_matches_the_plain_spelling():
    assert matched_words("a cheap casino", ["cаsinо"]) == ["cаsinо"]


def test_text_repeated_by_other_accounts_is_held_with_that_reason():
    verdict = decide(submission(copies_by_other_accounts=2), RULES, REGULAR)
    assert verdict.action == Action.HOLD and verdict.codes == ("repeated_text",)
    assert "2 other accounts" in verdict.reasons[0].text
    assert decide(submission(copies_by_other_accounts=1), RULES, REGULAR).action == Action.PUBLISH
