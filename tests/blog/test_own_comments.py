"""Authors' own comments: edit within the window (scored again, history kept), delete with a placeholder."""
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog.models import Comment, CommentRevision
from moderation import services, worker
from moderation.models import AuditEntry
from moderation.services import CommentRejected
from tests.blog.builders import make_comment
from tests.moderation.builders import make_moderator
from tests.moderation.scorers import TaggedModel

Status = Comment.Status


def posted_ago(comment: Comment, minutes: int) -> Comment:
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    comment.refresh_from_db()
    return comment


@pytest.fixture
def mine(article, alice):
    """Alice's published comment, posted a minute ago."""
    return posted_ago(make_comment(article, alice, "The A110 is light."), 1)


def edit(client, comment, body: str):
    return client.post(reverse("blog:edit_comment", args=[comment.pk]), {"body": body})


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_edit_keeps_the_old_text_and_goes_back_to_the_worker(
    alice, mine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = edit(signed_in(alice), mine, "The A110 is light and quick.")

    mine.refresh_from_db()
    assert response.status_code == 302
    assert (mine.body, mine.status) == ("The A110 is light and quick.", Status.PENDING)
    assert mine.edited_at is not None and len(callbacks) == 1
    assert list(CommentRevision.objects.values_list("body", flat=True)) == ["The A110 is light."]
    assert AuditEntry.objects.get(comment=mine).action == AuditEntry.Action.EDITED


def test_an_edited_comment_is_scored_again_and_can_be_held(alice, mine):
    services.edit_comment(mine.pk, alice, "Anyway, my cat likes slot cars [drift 0.8]")

    score = TaggedModel()._score_one("[drift 0.8]")
    decided = services.apply_scores([(mine.pk, score)], "tagged-1").get(mine.pk)

    assert decided == Status.HELD


def test_the_worker_scores_an_edit_of_a_comment_it_decided_before(alice, article, settings):
    settings.PITLANE_SCORER = "tests.moderation.scorers.load"
    comment = posted_ago(make_comment(article, alice, "First take", status=Status.PENDING), 1)
    worker._remember_decided([comment.pk])  # this process decided it before the edit
    services.edit_comment(comment.pk, alice, "Second take [drift 0.8]")

    assert worker.score_pending(comment.pk) is None  # a stale delivery trusts its memory
    assert worker.score_pending(comment.pk, fresh=True) == Status.HELD


def test_an_edit_after_the_window_is_refused_and_changes_nothing(alice, article, settings):
    settings.PITLANE_EDIT_WINDOW_MINUTES = 15
    old = posted_ago(make_comment(article, alice, "Old words"), 16)

    response = edit(signed_in(alice), old, "New words")

    old.refresh_from_db()
    assert response.status_code == 400 and "edits are open for 15 minutes" in response.content.decode()
    assert "New words" in response.content.decode()  # given back, not lost
    assert (old.body, old.status, old.edited_at) == ("Old words", Status.PUBLISHED, None)
    assert not CommentRevision.objects.exists()


def test_nobody_else_can_edit_or_delete_my_comment(bob, mine):
    client = signed_in(bob)

    edited = edit(client, mine, "Bob was here")
    deleted = client.post(reverse("blog:delete_comment", args=[mine.pk]))

    mine.refresh_from_db()
    assert (edited.status_code, deleted.status_code) == (404, 404)
    assert (mine.body, mine.status) == ("The A110 is light.", Status.PUBLISHED)


def test_the_service_refuses_another_authors_edit(bob, mine):
    with pytest.raises(CommentRejected):
        services.edit_comment(mine.pk, bob, "Bob was here")


def test_an_empty_edit_is_refused(alice, mine):
    response = edit(signed_in(alice), mine, "   ")

    mine.refresh_from_db()
    assert response.status_code == 400 and mine.body == "The A110 is light."


def test_a_rejected_comment_cannot_be_edited_back_into_the_queue(alice, article):
    comment = posted_ago(make_comment(article, alice, "Rude words", status=Status.HELD), 1)
    services.reject(comment.pk, make_moderator("mona"), "abusive")

    with pytest.raises(CommentRejected):
        services.edit_comment(comment.pk, alice, "Polite words")


def test_editing_a_hidden_spam_verdict_keeps_it_and_reveals_nothing(alice, article):
    comment = posted_ago(make_comment(article, alice, "Buy parts", status=Status.SPAM), 1)

    services.edit_comment(comment.pk, alice, "Buy parts cheaply")

    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("Buy parts cheaply", Status.SPAM)


def test_edits_are_rate_limited(alice, mine, settings):
    settings.PITLANE_RATE_EDIT_ACCOUNT = "2/m"
    client = signed_in(alice)

    statuses = [edit(client, mine, f"Take {i}").status_code for i in range(3)]

    mine.refresh_from_db()
    assert statuses == [302, 302, 429] and mine.body == "Take 1"


def test_readers_see_edited_and_moderators_see_every_version(client, alice, bob, mine):
    services.edit_comment(mine.pk, alice, "The A110 is light and quick.")
    services.apply_scores([(mine.pk, TaggedModel()._score_one("x"))], "tagged-1")

    page = signed_in(bob).get(mine.article.get_absolute_url()).content.decode()
    queue = signed_in(make_moderator("mona")).get("/moderation/?tab=approved").content.decode()

    assert ">edited</span>" in page and "The A110 is light and quick." in page
    assert "Edited by its author 1 time" in queue and "The A110 is light.<" in queue


def test_the_edit_form_opens_only_on_my_comment_within_the_window(alice, bob, article, mine):
    theirs = make_comment(article, bob, "Theirs", minutes=5)
    client = signed_in(alice)

    own_page = client.get(f"{article.get_absolute_url()}?edit={mine.pk}").content.decode()
    their_page = client.get(f"{article.get_absolute_url()}?edit={theirs.pk}").content.decode()

    assert f'action="/comments/{mine.pk}/edit/"' in own_page and ">The A110 is light.</textarea>" in own_page
    assert "/edit/" not in their_page


def test_deleting_leaves_a_placeholder_that_keeps_replies_readable(client, alice, bob, mine):
    reply = make_comment(mine.article, bob, "Light, yes, but not cheap.", parent=mine, minutes=2)
    services.edit_comment(mine.pk, alice, "Second thoughts")

    response = signed_in(alice).post(reverse("blog:delete_comment", args=[mine.pk]))

    mine.refresh_from_db()
    html = client.get(mine.article.get_absolute_url()).content.decode()
    assert response.status_code == 302
    assert (mine.status, mine.body) == (Status.DELETED, "")
    assert not CommentRevision.objects.filter(comment=mine).exists()
    assert "Comment deleted by its author." in html and f'id="c{reply.pk}"' in html
    assert "Light, yes, but not cheap." in html and "Second thoughts" not in html
    assert AuditEntry.objects.filter(comment=mine, action=AuditEntry.Action.AUTHOR_DELETED).exists()


def test_a_deleted_comment_takes_no_replies(alice, bob, mine):
    services.delete_own_comment(mine.pk, alice)

    response = signed_in(bob).post(reverse("blog:post_comment", args=[mine.article.slug]),
                                   {"body": "Too late", "parent": mine.pk})

    assert response.status_code == 400 and not Comment.objects.filter(body="Too late").exists()
