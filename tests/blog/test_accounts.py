"""Sign up, log in, log out, and the profile page listing my comments."""
from django.contrib.auth import get_user_model
from django.urls import reverse

from blog.models import Comment, ReaderProfile
from tests.blog.builders import PASSWORD, make_comment

NEW_PASSWORD = "gearbox-oil-1987"


def signup(client, **fields):
    data = {"username": "dora", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, **fields}
    return client.post(reverse("signup"), data)


def test_sign_up_creates_a_logged_in_reader_with_reply_preference(client, db):
    response = signup(client, email="dora@example.com", email_on_reply="on")

    assert response.status_code == 302
    profile = ReaderProfile.objects.get(user__username="dora")
    assert profile.email_on_reply and profile.user.email == "dora@example.com"
    assert client.get(reverse("profile")).status_code == 200


def test_sign_up_without_email_is_fine(client, db):
    assert signup(client).status_code == 302
    assert not ReaderProfile.objects.get(user__username="dora").email_on_reply


def test_reply_notifications_without_an_email_are_refused(client, db):
    response = signup(client, email_on_reply="on")

    assert response.status_code == 400
    assert "Add an e-mail address to get reply notifications." in response.content.decode()
    assert not get_user_model().objects.filter(username="dora").exists()


def test_sign_up_with_a_taken_handle_in_other_case_is_refused(client, alice):
    response = signup(client, username="ALICE")

    assert response.status_code == 400
    assert get_user_model().objects.count() == 1


def test_sign_up_redirects_only_to_local_next(client, db):
    response = client.post(
        reverse("signup") + "?next=https://evil.example/",
        {"username": "dora", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("blog:article_list")


def test_login_and_logout_by_post(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert "@alice" in client.get("/").content.decode()

    client.post(reverse("logout"))

    assert client.get(reverse("profile")).status_code == 302


def test_wrong_password_shows_an_error(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})

    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()


def test_profile_lists_my_comments_with_their_status_and_not_others(client, alice, bob, article):
    make_comment(article, alice, "My published one.")
    make_comment(article, alice, "My held one.", status=Comment.Status.HELD)
    make_comment(article, alice, "My removed one.", status=Comment.Status.REMOVED)
    make_comment(article, bob, "Bob's comment.")
    client.force_login(alice)

    html = client.get(reverse("profile")).content.decode()

    assert "My published one." in html and "My held one." in html and "Held for review" in html
    assert "My removed one." not in html and "Bob&#x27;s comment." not in html


def test_profile_requires_login(client, db):
    response = client.get(reverse("profile"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_moderation_link_is_hidden_from_ordinary_readers(client, alice):
    client.force_login(alice)

    assert "Moderation</a>" not in client.get("/").content.decode()
