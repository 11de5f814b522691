"""Warn before posting: an off-topic draft comes back unsaved with the warning; posting anyway is recorded."""
import pytest
from django.urls import reverse

from blog.models import Comment
from moderation import services
from moderation.models import ModerationSettings
from scoring.models import ModelVersion
from tests.blog.builders import make_comment
from tests.moderation.builders import make_moderator
from tests.moderation.scorers import TaggedModel

WARNING = "This looks off-topic for this article."
OFF_TOPIC = "Slot cars were my childhood, and I still race them on Sundays [drift 0.8]"


def post_url(article) -> str:
    return reverse("blog:post_comment", args=[article.slug])


@pytest.fixture
def tagged(settings):
    settings.PITLANE_SCORER = "tests.moderation.scorers.load"


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def test_an_off_topic_draft_comes_back_with_the_warning_and_is_not_saved(tagged, alice_client, article):
    response = alice_client.post(post_url(article), {"body": OFF_TOPIC, "key": "a" * 32})

    html = response.content.decode()
    assert response.status_code == 200 and WARNING in html
    assert "Slot cars were my childhood" in html and 'name="key" value="' + "a" * 32 in html
    assert 'name="post_anyway" value="1"' in html
    assert not Comment.objects.exists()


def test_posting_anyway_saves_it_and_tells_the_moderator(tagged, client, alice, article):
    client.force_login(alice)
    response = client.post(post_url(article), {"body": OFF_TOPIC, "post_anyway": "1"})
    comment = Comment.objects.get()
    services.apply_scores([(comment.pk, TaggedModel()._score_one(comment.body))], "tagged-1")
    client.force_login(make_moderator("mona"))

    queue = client.get(reverse("moderation:queue")).content.decode()

    assert response.status_code == 302 and comment.warned_off_topic
    assert Comment.objects.get().status == Comment.Status.HELD
    assert "before posting, and posted anyway" in queue


def test_an_edited_draft_is_checked_again_and_posts_unflagged(tagged, alice_client, article):
    alice_client.post(post_url(article), {"body": OFF_TOPIC})

    response = alice_client.post(post_url(article), {"body": "Slot cars taught me why the A110 is light."})

    assert response.status_code == 302
    assert Comment.objects.get().warned_off_topic is False


def test_an_on_topic_comment_posts_without_a_warning(tagged, alice_client, article):
    response = alice_client.post(post_url(article), {"body": "The A110 is the best-handling car under 60k."})

    assert response.status_code == 302 and Comment.objects.count() == 1


def test_a_comment_folded_at_most_is_warned_about_too(tagged, alice_client, article):
    """The warning starts where the policy starts folding for drift, not only where it holds."""
    ModerationSettings.objects.update_or_create(pk=1, defaults={"use_model_thresholds": False})
    response = alice_client.post(post_url(article), {"body": "A little off the story [drift 0.5]"})

    assert WARNING in response.content.decode() and not Comment.objects.exists()


def test_a_reply_is_checked_and_keeps_its_parent(tagged, alice_client, bob, article):
    top = make_comment(article, bob, "The A110 is light.")

    response = alice_client.post(post_url(article), {"body": OFF_TOPIC, "parent": top.pk})

    assert WARNING in response.content.decode()
    assert f'name="parent" value="{top.pk}"' in response.content.decode()


def test_a_failing_model_never_stops_a_comment(tagged, alice_client, article):
    response = alice_client.post(post_url(article), {"body": "Thoughts on the A110 [crash]"})

    assert response.status_code == 302 and Comment.objects.count() == 1


def test_without_a_promoted_model_the_web_process_trains_nothing_and_posts(alice_client, article):
    response = alice_client.post(post_url(article), {"body": OFF_TOPIC})

    assert response.status_code == 302 and Comment.objects.count() == 1
    assert not ModelVersion.objects.exists()


def test_the_warning_can_be_turned_off(tagged, alice_client, article, settings):
    settings.PITLANE_WARN_OFF_TOPIC = False

    response = alice_client.post(post_url(article), {"body": OFF_TOPIC})

    assert response.status_code == 302 and not Comment.objects.get().warned_off_topic


def test_the_draft_is_read_against_its_story_not_the_discussion(tagged, alice_client, bob, article):
    make_comment(article, bob, "Thread noise [discussion drift 0.8]", status=Comment.Status.PUBLISHED)
    response = alice_client.post(post_url(article), {"body": "The 1.5 engine is the one to have."})
    assert response.status_code == 302 and Comment.objects.filter(author__username="alice").exists()
