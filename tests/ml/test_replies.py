"""Short replies are read in their chain: on topic under the parent they answer."""

from dataclasses import replace

import pytest

import ml
from ml.pipelines import as_array
from ml.semantic_features import SemanticDriftFeatures
from ml.types import CommentInput

ARTICLE_TITLE = "Five affordable cars that make a weekend drive fun again"
ARTICLE_BODY = (
    "Light weight, a manual gearbox and rear-wheel drive still make the best recipe for a fun car on a "
    "budget. We drove five used sports cars under ten thousand pounds on the same mountain road: a "
    "roadster from the nineties, two hot hatchbacks, a coupe and a small convertible. Running costs, "
    "insurance, rust and the price of parts decide which one is the smart buy."
)
THREADS = (
    (
        "Honestly the little two-seat roadster is the answer every single time.",
        "Carried a full size bicycle in mine with two ratchet straps, no drama at all",
    ),
    (
        "My first car had a heater matrix that leaked coolant onto the passenger floor every winter.",
        "Same in my dad's, the carpet smelled sweet for years and the windows fogged up",
    ),
)
# A known gap (docs/ml.md): the bootstrap head still marks this story-continuing reply off topic; the
# seed teaches it that a reply close to a chain that left the article's subject is drift.
STORY_GAP = pytest.mark.xfail(strict=True, reason="known gap: reply continuing a story off the article")


@pytest.fixture(scope="module")
def bootstrap():
    return ml.bootstrap_model()


def reply(parent: str, body: str, grandparent: str = "") -> CommentInput:
    return CommentInput(ARTICLE_TITLE, ARTICLE_BODY, body, parent_body=parent, grandparent_body=grandparent)


@pytest.mark.parametrize(
    ("parent", "body"), [THREADS[0], pytest.param(*THREADS[1], marks=STORY_GAP)]
)
def test_short_reply_that_follows_its_parent_is_on_topic(bootstrap, parent, body):
    [score] = bootstrap.score([reply(parent, body)])
    assert not score.off_topic


def semantic(comment: CommentInput) -> dict[str, float]:
    X = as_array([comment])
    features = SemanticDriftFeatures().fit(X)
    return dict(zip(features.get_feature_names_out(), features.transform(X)[0], strict=True))


def test_a_reply_continuing_its_parents_story_is_closer_to_it_than_to_the_article():
    values = semantic(reply(*THREADS[1]))
    assert values["sem_chain_gain"] > 0.05
    assert values["sem_best_context"] == pytest.approx(values["sem_article"] + values["sem_chain_gain"])


def test_a_stranger_gains_less_from_the_parent_it_is_posted_under_than_a_reply_that_follows_it():
    stranger = "Anyone know a good recipe for lemon drizzle cake? Mine always sinks in the middle."
    parent, follows = THREADS[1]
    assert semantic(reply(parent, stranger))["sem_chain_gain"] < semantic(reply(parent, follows))[
        "sem_chain_gain"
    ] - 0.05


def test_a_stranger_posted_under_a_parent_is_still_off_topic(bootstrap):
    stranger = "Anyone know a good recipe for lemon drizzle cake? Mine always sinks in the middle."
    [score] = bootstrap.score([reply(THREADS[0][0], stranger)])
    assert score.off_topic


def test_the_grandparent_counts_when_the_parent_says_little():
    grandparent, body = THREADS[1]
    on_its_own = reply("Ha, exactly.", body)
    with_grandparent = replace(on_its_own, grandparent_body=grandparent)
    assert semantic(with_grandparent)["sem_best_context"] > semantic(on_its_own)["sem_best_context"] + 0.05
