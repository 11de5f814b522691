from dataclasses import replace

import numpy as np
import pytest

from ml.discussion import discussion_members, discussion_text, with_discussions
from ml.pipelines import as_array
from ml.semantic_features import SemanticDriftFeatures
from ml.spam_features import SpamSignals
from tests.ml.builders import BATTERY_BODY, OFF_TOPIC, ON_TOPIC_BATTERY, comment, world_examples


def drift_features(*comments):
    fitted = SemanticDriftFeatures().fit(as_array([e.comment for e in world_examples()]))
    names = list(fitted.get_feature_names_out())
    return fitted.transform(as_array(list(comments))), names


def test_on_topic_reply_is_closer_to_the_article_than_an_off_topic_one():
    features, names = drift_features(comment(ON_TOPIC_BATTERY[0]), comment(OFF_TOPIC[0]))
    column = names.index("sem_article")
    assert features[0, column] > features[1, column] + 0.1


def test_reply_on_its_parents_subject_is_explained_by_the_parent():
    parent = "My sourdough never rises in winter, the kitchen is too cold for the starter."
    reply = "Put the sourdough starter in the oven with the light on, it rises fine in winter."
    features, names = drift_features(comment(reply), comment(reply, parent=parent))
    best = names.index("sem_best_context")
    assert features[1, best] > features[0, best] + 0.2
    assert features[1, names.index("sem_article")] == pytest.approx(features[0, names.index("sem_article")])


def test_model_scores_on_topic_reply_lower_drift_than_off_topic_one(model):
    on_topic, off_topic = model.score([comment(ON_TOPIC_BATTERY[1]), comment(OFF_TOPIC[1])])
    assert on_topic.drift_score < off_topic.drift_score


def test_model_does_not_call_a_reply_on_its_parents_subject_drift(model):
    parent = OFF_TOPIC[0]
    reply = "Sourdough rises properly in winter if you keep the dough warm, my bread recipe proves overnight."
    alone, as_reply = model.score([comment(reply), comment(reply, parent=parent)])
    assert as_reply.drift_score < alone.drift_score
    assert not as_reply.off_topic


def test_unseen_domains_count_only_in_a_pitch_or_a_bare_link_and_site_domains_never():
    X = np.asarray([[BATTERY_BODY + " see toyota.com", "", "hello"]], dtype=object)
    signals = SpamSignals().fit(X)

    def values(text):
        return dict(zip(signals.get_feature_names_out(), signals.signals(text), strict=True))

    pitch = values("Order now: toyota.com, http://spam.example.net/x")
    assert pitch["unseen_domain_links_in_a_pitch"] == 1
    helpful = values(
        "The recall notice explains the cell fault and the fix well, http://news.example.net/recall-notice"
    )
    assert helpful["unseen_domain_links_in_a_pitch"] == helpful["unseen_domain_links_bare"] == 0
    assert values("http://spam.example.net/x")["unseen_domain_links_bare"] == 1
    assert values("https://toyota.com/x")["unseen_domain_links_bare"] == 0


def test_spam_score_reasons_name_the_evidence(model):
    (score,) = model.score([comment("Check out my channel and subscribe!!! http://promo-vids.example.com")])
    assert score.spam and score.flagged
    assert any("promo-vids.example.com" in reason for reason in score.reasons)
    assert any("'check out'" in reason or "'my channel'" in reason for reason in score.reasons)


def test_drift_reasons_count_shared_words(model):
    (score,) = model.score([comment(OFF_TOPIC[2])])
    assert any("shares 0 of" in reason for reason in score.reasons)


def test_drift_reasons_say_when_the_rest_of_the_discussion_stays_closer_to_the_article(model):
    body = OFF_TOPIC[1]
    held = replace(comment(body), discussion=discussion_text(body, list(ON_TOPIC_BATTERY)))
    (score,) = model.score([held])
    assert any(reason.startswith("the other comments stay closer to the article") for reason in score.reasons)
    (alone,) = model.score([comment(body)])
    assert not any(reason.startswith("the other comments") for reason in alone.reasons)


def test_scores_are_probabilities_in_input_order(model):
    comments = [comment(text) for text in (*ON_TOPIC_BATTERY, *OFF_TOPIC)]
    scores = model.score(comments)
    assert len(scores) == len(comments)
    assert all(0.0 <= s.spam_score <= 1.0 and 0.0 <= s.drift_score <= 1.0 for s in scores)
    reversed_scores = model.score(comments[::-1])[::-1]
    assert [s.drift_score for s in scores] == pytest.approx([s.drift_score for s in reversed_scores])


def test_batch_comments_under_one_article_are_each_others_discussion(model):
    comments = [comment(text) for text in (*ON_TOPIC_BATTERY, *OFF_TOPIC)]
    given = with_discussions(comments)
    assert all(c.discussion for c in given)
    scored_alone = [model.score([c])[0].drift_score for c in given]
    assert [s.drift_score for s in model.score(comments)] == pytest.approx(scored_alone)
    assert model.score(comments[:1])[0].drift_score == pytest.approx(
        model.score([replace(comments[0], discussion="")])[0].drift_score
    )


def test_a_comment_that_takes_up_the_discussion_is_closer_to_it_than_one_that_does_not():
    fitted = SemanticDriftFeatures().fit(as_array([e.comment for e in world_examples()]))
    names = list(fitted.get_feature_names_out())
    others = ["The heat pump keeps the range up in winter.", "Mine lost range below freezing without it."]
    follows = "Without a heat pump my range drops a lot in freezing winter mornings."
    drifts = OFF_TOPIC[0]
    rows = [replace(comment(body), discussion=discussion_text(body, others)) for body in (follows, drifts)]
    cosine = fitted.transform(as_array(rows))[:, names.index("sem_discussion")]
    assert cosine[0] > cosine[1] + 0.1


def test_a_discussion_of_only_the_comment_itself_counts_as_none():
    fitted = SemanticDriftFeatures().fit(as_array([e.comment for e in world_examples()]))
    names = list(fitted.get_feature_names_out())
    body = ON_TOPIC_BATTERY[0]
    features = fitted.transform(as_array([replace(comment(body), discussion=body)]))
    assert features[0, names.index("sem_discussion")] == 0.0
    assert features[0, names.index("sem_member_max")] == 0.0


def test_a_near_copy_of_an_approved_off_topic_comment_is_still_off_topic(model):
    approved = OFF_TOPIC[0]
    copy = approved.lower().replace("?", "??") + " Any tips"
    readers = list(ON_TOPIC_BATTERY)
    with_approved = replace(comment(copy), discussion=discussion_text(copy, [*readers, approved]))
    without = replace(comment(copy), discussion=discussion_text(copy, readers))

    copied, alone = model.score([with_approved, without])

    assert copied.off_topic
    assert copied.drift_score == alone.drift_score


def test_batch_copies_lend_each_other_no_discussion():
    copies = [comment(OFF_TOPIC[1]), comment(OFF_TOPIC[1].upper()), comment(ON_TOPIC_BATTERY[0])]
    first, _, reader = with_discussions(copies)

    assert len(discussion_members(first.discussion)) == 2
    assert len(discussion_members(reader.discussion)) == 3
