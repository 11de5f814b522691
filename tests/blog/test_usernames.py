"""Sign-up refuses names that mix scripts or pass for a member of staff."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.moderation.builders import make_moderator

PASSWORD = "gearbox-oil-1987"


def signup(client, username: str):
    data = {"username": username, "password1": PASSWORD, "password2": PASSWORD}
    return client.post(reverse("signup"), data)


@pytest.fixture
def staff_moderator(db):
    return make_moderator("moderator")


@pytest.mark.parametrize("name", ["mоderator", "mοderator", "moderatоr2"])  # Cyrillic о, Greek ο
def test_mixed_script_names_are_refused(client, db, name):
    response = signup(client, name)

    assert response.status_code == 400
    assert "one alphabet only" in response.content.decode()
    assert not get_user_model().objects.filter(username=name).exists()


@pytest.mark.parametrize("name", ["rnoderator", "moderat0r", "MODERAT0R", "ｍｏｄｅｒａｔｏｒ"])
def test_look_alikes_of_a_staff_name_are_refused(client, staff_moderator, name):
    response = signup(client, name)

    assert response.status_code == 400
    page = response.content.decode()
    assert "looks too much like a member of staff" in page or "already exists" in page
    assert get_user_model().objects.count() == 1


def test_a_look_alike_of_a_reader_name_is_not_a_staff_problem(client, alice):
    assert signup(client, "a1ice").status_code == 302


@pytest.mark.parametrize("name", ["Дмитрий", "José", "renault_fan-5", "Ζωή"])
def test_names_in_one_script_are_welcome(client, db, name):
    assert signup(client, name).status_code == 302
