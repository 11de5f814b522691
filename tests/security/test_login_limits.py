"""The login limiter: failures only, on the username the backend sees, backoff per (username, address),
and a per-username ceiling that alerts moderators without locking the owner out."""
import pytest
from django.test import Client
from django.urls import reverse

from blog.login_limits import login_name
from blog.models import LoginAlert
from tests.blog.builders import PASSWORD, make_reader
from tests.moderation.builders import make_moderator


def attempt(username: str, password: str, ip: str = "198.51.100.1", url: str | None = None):
    client = Client(REMOTE_ADDR=ip)
    response = client.post(url or reverse("login"), {"username": username, "password": password})
    return response, client


@pytest.fixture
def moderator(db):
    return make_reader("moderator")


VARIANTS = [" moderator", "moderator ", "\tmoderator", "ｍｏｄｅｒａｔｏｒ"]


@pytest.mark.parametrize("variant", [*VARIANTS, "MODERATOR"])
def test_username_variants_count_as_the_same_username(variant):
    assert login_name(variant) == login_name("moderator")


@pytest.mark.parametrize("variant", VARIANTS)
def test_variants_of_a_username_share_one_bucket_of_guesses(moderator, settings, variant):
    settings.PITLANE_LOGIN_FREE_FAILURES = 3
    for _ in range(3):
        attempt("moderator", "wrong")

    response, client = attempt(variant, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_successful_logins_are_not_counted(moderator, settings):
    settings.PITLANE_LOGIN_FREE_FAILURES = 2
    settings.PITLANE_RATE_LOGIN_IP = "2/m"
    statuses = [attempt("moderator", PASSWORD)[0].status_code for _ in range(4)]

    assert statuses == [302, 302, 302, 302]


def test_failures_from_other_addresses_never_refuse_the_owners_correct_password(moderator, settings):
    settings.PITLANE_LOGIN_FREE_FAILURES = 5
    for i in range(40):
        attempt("moderator", f"guess {i}", ip=f"203.0.113.{i}")

    response, client = attempt("moderator", PASSWORD, ip="192.0.2.200")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(moderator.pk)


def test_repeated_failures_from_one_address_back_off(moderator, settings):
    settings.PITLANE_LOGIN_FREE_FAILURES = 2
    statuses = [attempt("moderator", f"guess {i}")[0].status_code for i in range(3)]
    refused, _ = attempt("moderator", "guess 3")

    assert statuses == [200, 200, 429]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 2


def test_backoff_doubles_and_is_per_username_and_address(moderator, alice, settings, monkeypatch):
    settings.PITLANE_LOGIN_FREE_FAILURES = 1
    clock = [1_000_000.0]
    monkeypatch.setattr("blog.login_limits.time.time", lambda: clock[0])
    attempt("moderator", "guess 1")
    first_wait = int(attempt("moderator", "too soon")[0]["Retry-After"])
    clock[0] += first_wait
    allowed, _ = attempt("moderator", "guess 2")
    second_wait = int(attempt("moderator", "too soon")[0]["Retry-After"])
    other_user, _ = attempt("alice", "wrong")
    other_address, _ = attempt("moderator", "guess", ip="192.0.2.9")

    assert (first_wait, allowed.status_code, second_wait) == (2, 200, 4)
    assert other_user.status_code == 200
    assert other_address.status_code == 200


def test_the_username_ceiling_leaves_an_alert_and_still_lets_the_owner_in(moderator, settings):
    settings.PITLANE_RATE_LOGIN_USERNAME = "10/h"
    for i in range(12):
        attempt("moderator", f"guess {i}", ip=f"203.0.113.{i}")

    owner, client = attempt("moderator", PASSWORD, ip="192.0.2.200")

    assert LoginAlert.objects.count() == 1
    assert LoginAlert.objects.get().username == "moderator"
    assert owner.status_code == 302


def test_past_the_ceiling_each_address_gets_one_failure_before_its_backoff(moderator, settings):
    settings.PITLANE_RATE_LOGIN_USERNAME = "3/h"
    for i in range(3):
        attempt("moderator", f"guess {i}", ip=f"203.0.113.{i}")

    first, _ = attempt("moderator", "guess", ip="192.0.2.50")
    second, _ = attempt("moderator", "guess again", ip="192.0.2.50")

    assert first.status_code == 200
    assert second.status_code == 429


def test_admin_login_counts_on_the_same_username(moderator, settings):
    settings.PITLANE_LOGIN_FREE_FAILURES = 2
    attempt("moderator", "wrong", url="/admin/login/")
    attempt(" moderator", "wrong")

    response, _ = attempt("ｍｏｄｅｒａｔｏｒ", PASSWORD, url="/admin/login/")

    assert response.status_code == 429


def test_a_successful_login_clears_the_addresses_failures(moderator, settings):
    settings.PITLANE_LOGIN_FREE_FAILURES = 2
    attempt("moderator", "typo")
    attempt("moderator", PASSWORD)
    attempt("moderator", "typo again")

    response, _ = attempt("moderator", PASSWORD)

    assert response.status_code == 302


def test_moderators_see_the_login_alert_on_the_audit_page(moderator, settings):
    settings.PITLANE_RATE_LOGIN_USERNAME = "3/h"
    for i in range(3):
        attempt("moderator", f"guess {i}", ip=f"203.0.113.{i}")
    mona = Client()
    mona.force_login(make_moderator("mona"))

    page = mona.get(reverse("moderation:audit")).content.decode()

    assert "3 failed logins for <strong>moderator</strong>" in page


def test_switching_limits_off_also_switches_off_the_login_limiter(moderator, settings):
    settings.RATELIMIT_ENABLE = False
    settings.PITLANE_LOGIN_FREE_FAILURES = 1
    statuses = [attempt("moderator", f"guess {i}")[0].status_code for i in range(3)]

    assert statuses == [200, 200, 200]
