"""Shadow scoring: the candidate scores live comments beside the live model and changes nothing."""
import pytest

from blog.models import Comment
from moderation import services
from moderation.models import LabelWanted, Review, ScoreRecord
from scoring import registry, shadow
from tests.blog.builders import make_comment
from tests.ml.builders import OFF_TOPIC, SPAM
from tests.moderation.builders import make_held
from tests.scoring.registry_builders import make_version

pytestmark = pytest.mark.usefixtures("models_home")


@pytest.fixture
def shadowing(db, tmp_path, site_admin, settings):
    settings.PITLANE_SHADOW_LOOKBACK_HOURS = 24 * 365 * 100  # the builders date comments in the past
    make_version("narrow", tmp_path / "models" / "narrow", live=True)
    candidate = make_version("full", tmp_path / "models" / "full")
    registry.set_shadow(candidate.pk, site_admin)
    candidate.refresh_from_db()
    return candidate


def test_shadow_scores_are_stored_under_its_version_and_decide_nothing(shadowing, article, alice):
    published = make_comment(article, alice, "The A110 is a joy on a B road.", status="published")
    held = make_held(article, alice, SPAM[0], spam=0.9)
    assert shadow.score_with_shadow() == 2
    shadow_scored = ScoreRecord.objects.filter(model_version=shadowing.version)
    assert set(shadow_scored.values_list("comment", flat=True)) == {published.pk, held.pk}
    assert Comment.objects.get(pk=held.pk).status == "held"
    assert shadow.score_with_shadow() == 0


def test_nothing_is_scored_without_a_shadow_model(db, article, alice):
    make_comment(article, alice, "Nice car.", status="published")
    assert shadow.score_with_shadow() == 0


def test_agreement_with_live_model_and_moderators_is_reported(shadowing, article, alice, moderator):
    spam = make_held(article, alice, SPAM[1], spam=0.9, drift=0.1)
    drift = make_held(article, alice, OFF_TOPIC[2], spam=0.1, drift=0.9)
    services.mark_spam_and_ban(spam.pk, moderator)
    services.reject(drift.pk, moderator, "off_topic")
    shadow.score_with_shadow()
    stats = shadow.shadow_agreement(shadowing)
    assert (stats["scored"], stats["moderated"]) == (2, 2)
    assert stats["live_matches_moderators"] == 1.0
    assert 0.0 <= stats["shadow_matches_moderators"] <= 1.0


def test_starting_and_stopping_the_shadow_is_audited(shadowing, site_admin):
    registry.set_shadow(None, site_admin)
    actions = list(shadowing.audit_entries.order_by("id").values_list("action", flat=True))
    assert actions == ["shadow_on", "shadow_off"]
    assert registry.shadow_version() is None


def test_comments_the_shadow_and_live_models_judge_differently_go_to_the_needs_a_label_lane(
    shadowing, article, alice
):
    agreed = make_held(article, alice, SPAM[0], spam=0.9)  # live: spam; the shadow says spam too
    disputed = make_held(article, alice, "The A110 is a joy on a B road.", spam=0.9)  # the shadow: not spam
    shadow.score_with_shadow()
    wanted = dict(Review.objects.exclude(label_wanted="").values_list("comment_id", "label_wanted"))
    assert wanted == {disputed.pk: LabelWanted.DISAGREE}
    assert agreed.pk not in wanted
