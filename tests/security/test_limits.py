"""Abuse limits: posting, reporting, sign-up and login answer 429 past their rate; the honeypot stops bots."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse

from blog.models import Comment, Report
from tests.blog.builders import PASSWORD, make_comment

ROOT = Path(__file__).resolve().parents[2]


def post_url(article) -> str:
    return reverse("blog:post_comment", args=[article.slug])


def client_for(user, ip: str = "203.0.113.7") -> Client:
    client = Client(REMOTE_ADDR=ip)
    client.force_login(user)
    return client


def test_posting_past_the_account_rate_gets_the_429_page_and_saves_nothing(alice, article, settings):
    settings.PITLANE_RATE_COMMENT_ACCOUNT = "3/m"
    alice_client = client_for(alice)
    statuses = [alice_client.post(post_url(article), {"body": f"Take {i}"}).status_code for i in range(4)]

    response = alice_client.post(post_url(article), {"body": "One too many"})

    assert statuses == [302, 302, 302, 429]
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert b"Too many requests" in response.content
    assert Comment.objects.count() == 3


def test_account_limit_follows_the_account_across_addresses(alice, article, settings):
    settings.PITLANE_RATE_COMMENT_ACCOUNT = "2/m"
    for ip in ("198.51.100.1", "198.51.100.2"):
        client_for(alice, ip).post(post_url(article), {"body": f"From {ip}"})

    response = client_for(alice, "198.51.100.3").post(post_url(article), {"body": "From a third address"})

    assert response.status_code == 429


def test_ip_limit_stops_many_accounts_posting_from_one_address(alice, bob, charlie, article, settings):
    settings.PITLANE_RATE_COMMENT_IP = "2/m"
    client_for(alice).post(post_url(article), {"body": "First"})
    client_for(bob).post(post_url(article), {"body": "Second"})

    response = client_for(charlie).post(post_url(article), {"body": "Third"})
    elsewhere = client_for(charlie, "192.0.2.99").post(post_url(article), {"body": "Other address"})

    assert response.status_code == 429
    assert elsewhere.status_code == 302
    assert set(Comment.objects.values_list("body", flat=True)) == {"First", "Second", "Other address"}


def test_reading_is_never_limited(client, article, settings):
    settings.PITLANE_RATE_COMMENT_IP = "1/m"

    statuses = {client.get(article.get_absolute_url()).status_code for _ in range(5)}

    assert statuses == {200}


def test_reporting_past_the_rate_gets_429(alice, bob, article, settings):
    settings.PITLANE_RATE_REPORT_ACCOUNT = "2/h"
    comments = [make_comment(article, bob, f"Spam {i}") for i in range(3)]
    alice_client = client_for(alice)
    for comment in comments[:2]:
        alice_client.post(reverse("blog:report_comment", args=[comment.pk]), {"reason": "spam"})

    response = alice_client.post(reverse("blog:report_comment", args=[comments[2].pk]), {"reason": "spam"})

    assert response.status_code == 429
    assert Report.objects.count() == 2


def test_sign_up_past_the_rate_gets_429_and_creates_no_account(db, settings, django_user_model):
    settings.PITLANE_RATE_SIGNUP_IP = "2/h"
    client = Client(REMOTE_ADDR="203.0.113.50")
    for name in ("dana", "erin"):
        Client(REMOTE_ADDR="203.0.113.50").post(reverse("signup"), signup_data(name))

    response = client.post(reverse("signup"), signup_data("frank"))

    assert response.status_code == 429
    assert set(django_user_model.objects.values_list("username", flat=True)) == {"dana", "erin"}


def test_login_guessing_from_one_address_gets_429(alice, settings):
    settings.PITLANE_RATE_LOGIN_IP = "3/m"
    client = Client(REMOTE_ADDR="203.0.113.66")
    for _ in range(3):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"})

    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_login_shares_the_login_limits(alice, settings):
    settings.PITLANE_RATE_LOGIN_IP = "2/m"
    client = Client(REMOTE_ADDR="203.0.113.67")
    client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    client.post("/admin/login/", {"username": "alice", "password": "wrong"})

    response = client.post("/admin/login/", {"username": "alice", "password": "wrong again"})

    assert response.status_code == 429


def test_limits_can_be_switched_off_by_setting(alice, article, settings):
    settings.RATELIMIT_ENABLE = False
    settings.PITLANE_RATE_COMMENT_ACCOUNT = "1/m"
    alice_client = client_for(alice)

    statuses = [alice_client.post(post_url(article), {"body": f"Take {i}"}).status_code for i in range(3)]

    assert statuses == [302, 302, 302]


@pytest.mark.integration
def test_counters_are_shared_through_redis_across_clients(alice, article, settings):
    redis_url = settings.REDIS_URL.rsplit("/", 1)[0] + "/13"
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                               "LOCATION": redis_url}}):
        caches["default"].clear()
        settings.PITLANE_RATE_COMMENT_ACCOUNT = "1/m"
        client_for(alice, "198.51.100.1").post(post_url(article), {"body": "First"})

        response = client_for(alice, "198.51.100.2").post(post_url(article), {"body": "Second"})
        caches["default"].clear()

    assert response.status_code == 429


def test_a_cache_outage_lets_posts_through_rather_than_failing(alice, article, settings):
    dead_redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0",
                  "OPTIONS": {"socket_connect_timeout": 0.2}}
    with override_settings(CACHES={"default": dead_redis}):
        response = client_for(alice).post(post_url(article), {"body": "Still posted"})

    assert response.status_code == 302
    assert Comment.objects.filter(body="Still posted").exists()


def test_honeypot_filled_by_a_bot_gets_400_and_saves_nothing(alice, article):
    response = client_for(alice).post(post_url(article), {"body": "Cheap watches", "subject": "Buy now"})

    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_honeypot_is_hidden_from_people_and_assistive_technology(alice, article):
    html = client_for(alice).get(article.get_absolute_url()).content.decode()

    trap = html[html.index('<div class="visually-hidden" aria-hidden="true">'):]
    trap = trap[: trap.index("</div>")]
    assert 'name="subject"' in trap
    assert 'tabindex="-1"' in trap
    assert 'autocomplete="off"' in trap


def test_people_leaving_the_honeypot_empty_post_normally(alice, article):
    response = client_for(alice).post(post_url(article), {"body": "Fair point", "subject": ""})

    assert response.status_code == 302
    assert Comment.objects.filter(body="Fair point").exists()


def signup_data(username: str) -> dict:
    password = "a-long-unusual-pass-42"
    return {"username": username, "password1": password, "password2": password}


def test_signup_data_is_acceptable_when_not_limited(db):
    response = Client(REMOTE_ADDR="203.0.113.51").post(reverse("signup"), signup_data("gwen"))

    assert response.status_code == 302



def run_check(**env: str) -> subprocess.CompletedProcess:
    variables = {**os.environ, "SECRET_KEY": "x" * 60, **env}
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=variables,
                          capture_output=True, text=True)


def test_production_refuses_to_start_without_a_shared_cache():
    result = run_check(PITLANE_PRODUCTION="true", CACHE_URL="locmem://")

    assert result.returncode != 0
    assert "rate limits need a shared cache" in result.stderr


def test_a_malformed_rate_stops_start_up_with_its_name():
    result = run_check(PITLANE_RATE_LOGIN_IP="lots")

    assert result.returncode != 0
    assert "PITLANE_RATE_LOGIN_IP must look like 6/m" in result.stderr
