"""The bootstrap model on what a car site really gets: links to parts and photos are help, not spam."""

import pytest

import ml
from ml.reasons import _telling
from ml.types import CommentInput

SENSOR_THREAD = (
    "2009 Civic stalls when warm, crankshaft position sensor?",
    "Car cranks fine cold but once it is warm it stalls at lights and won't restart for ten minutes. "
    "Code P0335 came up once. Is it the crankshaft position sensor or something else?",
)


@pytest.fixture(scope="module")
def bootstrap():
    return ml.bootstrap_model()


def reply(body: str, parent: str = "") -> CommentInput:
    return CommentInput(*SENSOR_THREAD, body=body, parent_body=parent)


def test_a_helpful_reply_linking_a_parts_retailer_is_not_spam(bootstrap):
    body = (
        "P0335 plus stalling when hot is the classic failing crank sensor on that engine. The Denso one "
        "is about $40 here: https://www.partsdepot-example.com/honda/civic/2009/crankshaft-position-sensor "
        "and it's two bolts behind the oil filter."
    )
    (score,) = bootstrap.score([reply(body)])
    assert not score.spam and score.spam_score < 0.5


def test_a_short_reply_with_a_photo_or_a_product_page_is_not_spam(bootstrap):
    photo, product = bootstrap.score([
        reply("This one? https://i.imgur.com/k3Yb2sQ.jpeg"),
        reply("Here you go: https://www.autoparts-example.com/crankshaft-position-sensor-civic-2009"),
    ])
    assert not photo.spam and not product.spam


def test_the_same_link_in_a_pitch_is_spam_and_the_reason_names_its_domain(bootstrap):
    (score,) = bootstrap.score([
        reply("Cheapest sensors online!!! 50% OFF today only, order now at http://www.sensor-deals-example.biz")
    ])
    assert score.spam
    assert any("sensor-deals-example.biz" in reason for reason in score.reasons)


def test_a_domain_on_the_sites_allow_list_is_no_evidence(bootstrap):
    pitch = reply("Great deals on sensors, check it out http://www.sensor-deals-example.biz")
    (unknown,) = bootstrap.score([pitch])
    (allowed,) = bootstrap.score([pitch], site_domains=["sensor-deals-example.biz"])
    assert allowed.spam_score < unknown.spam_score
    assert not any("sensor-deals-example.biz" in reason for reason in allowed.reasons)


def test_style_alone_never_reaches_the_reject_band(bootstrap):
    (score,) = bootstrap.score([reply("DO NOT DRIVE IT LIKE THAT!!!! 😱😱😱 YOU WILL COOK THE ENGINE!!!")])
    assert score.spam_score <= 0.9


def test_reasons_never_name_a_single_common_word():
    assert not _telling("check") and not _telling("videos") and not _telling("called")
    assert _telling("check out") and _telling("my channel")


def test_style_alone_never_marks_a_comment_spam_and_one_kind_of_evidence_never_rejects_it(bootstrap):
    from ml.spam_features import SINGLE_EVIDENCE_CEILING, STYLE_ONLY_CEILING

    shouting, one_kind, two_kinds = bootstrap.score([
        reply("WOW!!!!! AMAZING!!!!! BEST THREAD EVER!!!!! 🔥🔥🔥🔥"),
        reply("Go to http://www.recovery-example.org and ask them, they helped me last winter"),
        reply("Earn bitcoin from home with my system, whatsapp me +44 7700 900123 or visit earn-example.biz"),
    ])
    assert shouting.spam_score <= STYLE_ONLY_CEILING and not shouting.spam
    assert one_kind.spam_score <= SINGLE_EVIDENCE_CEILING
    assert two_kinds.spam_score > SINGLE_EVIDENCE_CEILING and two_kinds.spam
