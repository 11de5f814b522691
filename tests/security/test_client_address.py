"""The client address behind proxies: X-Forwarded-For read from the right, never a 500, set in production."""
import pytest
import yaml
from django.test import Client, RequestFactory
from django.urls import reverse

from blog.client_address import client_address
from blog.models import Comment
from tests.blog.test_deploy import ROOT
from tests.security.test_limits import run_check

PROXY = "10.0.0.2"


def address(forwarded: str | None = None, remote: str = PROXY, **meta) -> str:
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers, **meta))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.PITLANE_TRUSTED_PROXIES = 0
    assert address("198.51.100.7") == PROXY


def test_one_proxy_takes_the_address_it_appended_not_the_clients_own_entries(settings):
    settings.PITLANE_TRUSTED_PROXIES = 1
    assert address("198.51.100.7") == "198.51.100.7"
    assert address("6.6.6.6, 1.1.1.1, 198.51.100.7") == "198.51.100.7"


def test_two_proxies_count_two_hops_from_the_right(settings):
    settings.PITLANE_TRUSTED_PROXIES = 2
    assert address("6.6.6.6, 198.51.100.7, 10.0.0.1") == "198.51.100.7"


@pytest.mark.parametrize(
    "forwarded, expected",
    [
        (None, PROXY),  # header missing: the request reached us directly
        ("", PROXY),
        ("garbage", PROXY),
        ("10.9.9.9, 127.0.0.1", "127.0.0.1"),  # the proxy-style value that used to give a 500
        (" , ,", PROXY),
        ("198.51.100.7:4711", "198.51.100.7"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("unknown, 999.1.1.1", PROXY),
    ],
)
def test_missing_or_malformed_header_falls_back_without_error(settings, forwarded, expected):
    settings.PITLANE_TRUSTED_PROXIES = 1
    assert address(forwarded) == expected


def test_missing_remote_addr_is_not_an_error(settings):
    settings.PITLANE_TRUSTED_PROXIES = 0
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]
    assert client_address(request) == "0.0.0.0"


def test_spoofed_headers_do_not_escape_the_login_limit_behind_a_proxy(alice, settings):
    settings.PITLANE_TRUSTED_PROXIES = 1
    settings.PITLANE_RATE_LOGIN_IP = "3/m"
    statuses = [
        Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"10.1.1.{i}, 198.51.100.5")
        .post(reverse("login"), {"username": f"nobody{i}", "password": "wrong"}).status_code
        for i in range(5)
    ]
    assert statuses[-1] == 429


def test_clients_behind_one_proxy_have_separate_login_limits(alice, settings):
    settings.PITLANE_TRUSTED_PROXIES = 1
    settings.PITLANE_RATE_LOGIN_IP = "2/m"
    for i in range(3):
        Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.5").post(
            reverse("login"), {"username": f"nobody{i}", "password": "wrong"}
        )
    other = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.6")
    response = other.post(reverse("login"), {"username": "nobody9", "password": "wrong"})
    assert response.status_code == 200


def test_malformed_header_on_a_limited_post_is_not_a_500(alice, article, settings):
    settings.PITLANE_TRUSTED_PROXIES = 1
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.9.9.9, 127.0.0.1, not-an-ip")
    client.force_login(alice)
    response = client.post(reverse("blog:post_comment", args=[article.slug]), {"body": "Hello"})
    assert response.status_code == 302
    assert Comment.objects.get().ip_address == PROXY


def test_comment_stores_the_client_address_not_the_proxys(alice, article, settings):
    settings.PITLANE_TRUSTED_PROXIES = 1
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.5")
    client.force_login(alice)
    client.post(reverse("blog:post_comment", args=[article.slug]), {"body": "Hello"})
    assert Comment.objects.get().ip_address == "198.51.100.5"


def test_production_refuses_to_start_without_trusted_proxies():
    result = run_check(PITLANE_PRODUCTION="true", CACHE_URL="redis://127.0.0.1:6379/0")
    assert result.returncode != 0
    assert "PITLANE_TRUSTED_PROXIES must be set in production" in result.stderr


def test_the_old_header_setting_stops_start_up_with_a_pointer():
    result = run_check(RATELIMIT_IP_META_KEY="HTTP_X_REAL_IP")
    assert result.returncode != 0
    assert "replaced by PITLANE_TRUSTED_PROXIES" in result.stderr


def test_compose_passes_the_proxy_count():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert "PITLANE_TRUSTED_PROXIES" in compose["x-app"]["environment"]
