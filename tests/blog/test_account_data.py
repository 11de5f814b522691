"""A reader's settings and data: display name, downloading everything, deleting the account; all audited."""
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from blog.account_models import AccountEvent
from blog.accounts import DELETED_ACCOUNT
from blog.models import Comment, CommentRevision, ReaderProfile, Report, Vote
from moderation.models import ReplyNotice
from tests.blog.builders import PASSWORD, make_comment, make_threads
from tests.moderation.builders import make_admin, make_moderator

from .test_article_page import QUERY_BUDGET

SETTINGS, DATA, DELETE = reverse("account_settings"), reverse("download_data"), reverse("delete_account")
Status = Comment.Status


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def delete(client, comments: str = "keep", password: str = PASSWORD):
    return client.post(DELETE, {"comments": comments, "password": password})


@pytest.fixture
def history(article, alice, bob):
    """Alice's comments in every state a reader sees, a revision, a vote, a report and a reply to her."""
    mine = make_comment(article, alice, "The A110 is light.", vote_count=1)
    CommentRevision.objects.create(comment=mine, body="The A110 is lite.", written_at=mine.created_at)
    make_comment(article, alice, "Buy cheap parts", status=Status.SPAM, minutes=1)
    make_comment(article, alice, "Still waiting", status=Status.PENDING, minutes=2)
    bobs = make_comment(article, bob, "Agreed.", parent=mine, minutes=3, vote_count=1)
    Vote.objects.create(comment=bobs, voter=alice)
    Vote.objects.create(comment=mine, voter=bob)
    Report.objects.create(comment=bobs, reporter=alice, reason="other", note="Too short")
    ReplyNotice.objects.create(comment=bobs, recipient="alice@example.com")
    return {"mine": mine, "bobs": bobs}


def test_a_display_name_is_saved_and_shown_above_the_username(client, alice, article):
    make_comment(article, alice, "Light cars are better.")
    client.force_login(alice)

    client.post(SETTINGS, {"display_name": "  Alice   Martin "})
    html = client.get(article.get_absolute_url()).content.decode()

    assert ReaderProfile.objects.get(user=alice).display_name == "Alice Martin"
    assert 'Alice Martin <span class="comment-handle">@alice</span>' in html


@pytest.mark.parametrize("name", ["m\u043ederator", "MONA", "Alice\u202eniM", "deleted account"])
def test_a_display_name_that_passes_for_someone_else_is_refused(alice, name):
    make_moderator("mona")
    client = signed_in(alice)

    response = client.post(SETTINGS, {"display_name": name})

    assert response.status_code == 400
    assert ReaderProfile.objects.get(user=alice).display_name == ""


def test_display_names_cost_the_article_page_no_query(
    alice, bob, charlie, article, django_assert_max_num_queries
):
    make_threads(article, [alice, bob, charlie], roots=10, per_thread=10)
    ReaderProfile.objects.filter(user__in=[bob, charlie]).update(display_name="Named Reader")
    client = signed_in(alice)

    with django_assert_max_num_queries(QUERY_BUDGET):
        html = client.get(article.get_absolute_url()).content.decode()

    assert html.count("Named Reader <span") > 50


def test_the_download_holds_my_account_comments_versions_votes_and_reports_and_is_audited(
    alice, bob, history
):
    alice.email = "alice@example.com"
    alice.save()
    response = signed_in(alice).post(DATA)

    data = json.loads(response.content)
    assert response["Content-Disposition"] == f'attachment; filename="pitlane-{alice.pk}.json"'
    assert data["account"]["username"] == "alice" and data["account"]["email"] == "alice@example.com"
    assert [c["text"] for c in data["comments"]] == ["The A110 is light.", "Buy cheap parts", "Still waiting"]
    assert data["comments"][0]["earlier_versions"][0]["text"] == "The A110 is lite."
    assert data["up_votes"] == [{"comment": history["bobs"].pk, "at": data["up_votes"][0]["at"]}]
    assert data["reports"][0]["note"] == "Too short"
    assert "Agreed." not in response.content.decode()  # bob's words are bob's
    event = AccountEvent.objects.get()
    assert (event.kind, event.user_id, event.details) == ("data_downloaded", alice.pk, {"comments": 3})


def test_the_download_never_names_a_spam_verdict(alice, history):
    data = json.loads(signed_in(alice).post(DATA).content)

    assert [c["status"] for c in data["comments"]] == ["Published", "Awaiting review", "Awaiting review"]
    assert "spam" not in json.dumps(data["comments"]).lower()


def test_the_download_is_a_post_for_a_signed_in_reader(client, alice):
    assert client.post(DATA).status_code == 302  # to the login page
    assert signed_in(alice).get(DATA).status_code == 405
    assert not AccountEvent.objects.exists()


def test_deleting_and_keeping_comments_shows_them_as_by_deleted_account(client, alice, bob, article, history):
    response = delete(signed_in(alice), "keep")

    mine = Comment.objects.get(pk=history["mine"].pk)
    html = client.get(article.get_absolute_url()).content.decode()
    assert response.status_code == 302 and response["Location"] == reverse("blog:article_list")
    assert not get_user_model().objects.filter(username="alice").exists()
    assert (mine.author.username, mine.body) == (DELETED_ACCOUNT, "The A110 is light.")
    assert mine.status == Status.PUBLISHED
    assert mine.ip_address is None and mine.submission_key == ""
    assert "deleted account" in html and "The A110 is light." in html
    assert set(Comment.objects.filter(author__username=DELETED_ACCOUNT).values_list("status", flat=True)) == {
        Status.PUBLISHED, Status.DELETED
    }  # what nobody could read yet is taken back, not handed on


def test_deleting_and_removing_comments_leaves_placeholders_over_others_replies(
    client, alice, article, history
):
    delete(signed_in(alice), "remove")

    mine = Comment.objects.get(pk=history["mine"].pk)
    html = client.get(article.get_absolute_url()).content.decode()
    assert (mine.status, mine.body) == (Status.DELETED, "")
    assert not CommentRevision.objects.exists()
    assert "Comment deleted by its author." in html and "Agreed." in html
    assert "The A110 is light." not in html


def test_a_deletion_is_audited_and_withdraws_votes_and_forgets_addresses(alice, history):
    delete(signed_in(alice), "remove")

    event = AccountEvent.objects.get(kind="account_deleted")
    assert (event.user_id, event.username) == (alice.pk, "alice")
    assert event.details == {"comments": "removed", "taken_back": 3, "kept": 3, "up_votes_withdrawn": 1}
    assert Comment.objects.get(pk=history["bobs"].pk).vote_count == 0
    assert Vote.objects.count() == 1 and not Report.objects.exists()
    assert list(ReplyNotice.objects.values_list("recipient", flat=True)) == [""]


@pytest.mark.parametrize("data", [{"comments": "keep", "password": "wrong"}, {"password": PASSWORD}])
def test_deleting_needs_the_password_and_a_choice(alice, data):
    response = signed_in(alice).post(DELETE, data)

    assert response.status_code == 400
    assert get_user_model().objects.filter(username="alice").exists() and not AccountEvent.objects.exists()


def test_a_deleted_reader_is_logged_out(alice, article):
    client = signed_in(alice)
    delete(client)

    assert client.get(SETTINGS).status_code == 302


def test_staff_accounts_are_not_deleted_from_this_page(db):
    make_admin("ada")
    client = Client()
    client.login(username="ada", password=PASSWORD)

    response = delete(client)

    assert response.status_code == 302 and response["Location"] == SETTINGS
    assert get_user_model().objects.filter(username="ada").exists()


def test_nobody_signs_up_or_logs_in_as_the_deleted_account(client, alice, article):
    make_comment(article, alice, "Kept")
    delete(signed_in(alice))

    signup = client.post(reverse("signup"), {"username": DELETED_ACCOUNT, "password1": "a-long-pass-42",
                                             "password2": "a-long-pass-42"})

    assert signup.status_code == 400
    assert not get_user_model().objects.get(username=DELETED_ACCOUNT).has_usable_password()
    assert not client.login(username=DELETED_ACCOUNT, password="")


def test_downloads_and_deletion_attempts_are_rate_limited(alice, settings):
    settings.PITLANE_RATE_ACCOUNT_DATA = "2/h"
    client = signed_in(alice)

    statuses = [client.post(DATA).status_code, delete(client, password="wrong").status_code,
                delete(client).status_code]

    assert statuses == [200, 400, 429]
    assert get_user_model().objects.filter(username="alice").exists()
