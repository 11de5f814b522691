"""The "Needs a label" lane: comments the model was unsure about wait for a moderator's label in their own
tab, leave it once decided, and their labels are marked as coming from it."""
import pytest
from django.urls import reverse

from blog.models import Comment
from moderation import policy, services
from moderation.models import AuditEntry, LabelWanted, Review
from scoring import labels
from tests.moderation.test_scoring import apply_score, score

pytestmark = pytest.mark.usefixtures("tagged_model")


def lane() -> set[int]:
    return set(Review.objects.exclude(label_wanted="").values_list("comment_id", flat=True))


@pytest.mark.parametrize(("spam", "drift", "unsure"), [
    (0.45, 0.05, True), (0.55, 0.05, True), (0.05, 0.40, True), (0.05, 0.75, True),
    (0.05, 0.05, False), (0.9, 0.05, False), (0.05, 0.95, False),
])
def test_a_score_close_to_a_threshold_means_the_model_is_unsure(spam, drift, unsure):
    rules = policy.PolicySettings(spam_hold=0.5, drift_collapse=0.45, drift_hold=0.7)
    assert policy.model_unsure(policy.Submission("text", spam, drift), rules) is unsure


def test_an_unsure_score_puts_the_published_comment_in_the_lane(pending):
    assert apply_score(pending.pk, score(spam=0.45), "v1") == "published"
    assert Review.objects.get(comment=pending).label_wanted == LabelWanted.UNSURE


def test_a_confident_score_keeps_the_comment_out_of_the_lane(pending):
    apply_score(pending.pk, score(spam=0.02, drift=0.02), "v1")
    assert lane() == set()


def test_the_queue_has_a_needs_a_label_tab_listing_the_lane(client, pending, moderator):
    apply_score(pending.pk, score(spam=0.45), "v1")
    client.force_login(moderator)
    response = client.get(reverse("moderation:queue"), {"tab": "needs_label"})
    assert [c.pk for c in response.context["page"].object_list] == [pending.pk]
    assert response.context["counts"]["needs_label"] == 1
    assert "Needs a label:</strong> The model is unsure" in response.content.decode()


def test_approving_a_published_comment_from_the_lane_labels_it_once_and_marks_the_label(
    pending, moderator, other_moderator
):
    apply_score(pending.pk, score(spam=0.45), "v1")
    entry = services.approve(pending.pk, moderator, expected=Comment.Status.PUBLISHED)
    assert (entry.from_status, entry.to_status, entry.needs_label) == ("published", "published", True)
    assert lane() == set()
    with pytest.raises(services.AlreadyHandled):
        services.approve(pending.pk, other_moderator, expected=Comment.Status.PUBLISHED)
    [row] = labels.training_rows()
    assert (row["label"], row["needs_label"]) == ("ham", True)


def test_rejecting_from_the_lane_takes_the_comment_out_and_marks_the_label(pending, moderator):
    apply_score(pending.pk, score(spam=0.55), "v1")
    assert Comment.objects.get(pk=pending.pk).status == "held"
    services.reject(pending.pk, moderator, "spam")
    assert lane() == set()
    assert AuditEntry.objects.get(action="reject").needs_label


def test_decisions_outside_the_lane_are_not_marked(pending, moderator):
    apply_score(pending.pk, score(spam=0.9), "v1")
    services.reject(pending.pk, moderator, "spam")
    assert not AuditEntry.objects.get(action="reject").needs_label
    assert "needs_label" not in next(labels.training_rows())


def test_a_comment_a_person_decided_never_comes_back_to_the_lane(pending, moderator):
    apply_score(pending.pk, score(spam=0.9), "v1")
    services.approve(pending.pk, moderator)  # held -> published, by a person
    assert services.want_labels([pending.pk], LabelWanted.DISAGREE) == 0
    assert lane() == set()
