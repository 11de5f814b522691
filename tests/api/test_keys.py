import io
import time

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from api import access, keys
from api.models import ApiKey
from blog.models import Article, Site, home_site_id
from tests.api.builders import make_key


def create_key(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("create_api_key", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_it_prints_a_working_key_as_the_last_line(db):
    lines = create_key("--site", "Hot Hatch Weekly", "--url", "https://hothatch.example/")
    row = keys.find_key(lines[-1])
    assert row is not None
    assert row.site.name == "Hot Hatch Weekly"
    assert row.site.url == "https://hothatch.example/"
    assert sorted(row.scopes) == ["check", "moderate"]


def test_it_stores_only_a_hash_of_the_key(db):
    key = create_key("--site", "Hot Hatch Weekly", "--url", "https://hothatch.example/")[-1]
    row = ApiKey.objects.get()
    assert key not in (row.key_hash, row.prefix, row.note)
    assert key.split("_", 2)[2] not in row.key_hash


def test_a_second_key_for_the_same_site_reuses_the_site(db):
    create_key("--site", "Hot Hatch Weekly", "--url", "https://hothatch.example/")
    create_key("--site", "Hot Hatch Weekly", "--url", "https://hothatch.example/", "--scopes", "check")
    assert Site.objects.filter(name="Hot Hatch Weekly").count() == 1
    assert ApiKey.objects.count() == 2


@pytest.mark.parametrize("args", [
    ("--site", "X", "--url", "not a url"),
    ("--site", "X", "--url", "https://x.example/", "--scopes", "check,admin"),
])
def test_it_refuses_bad_arguments(db, args):
    with pytest.raises(CommandError):
        create_key(*args)
    assert not ApiKey.objects.exists()


def test_a_tampered_or_revoked_key_is_not_found(site):
    key = make_key(site)
    assert keys.find_key(key) is not None
    assert keys.find_key(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert keys.find_key("pl_nothing_here") is None
    assert keys.find_key("") is None
    keys.revoke(ApiKey.objects.get().pk)
    assert keys.find_key(key) is None


def test_calls_over_the_keys_rate_are_refused(site, settings):
    settings.PITLANE_RATE_API_KEY = "3/m"
    key = make_key(site)
    request = RequestFactory().post("/akismet/1.1/comment-check")
    answers = [access.authorise(request, key, "check") for _ in range(4)]
    assert all(isinstance(answer, ApiKey) for answer in answers[:3])
    assert isinstance(answers[3], access.Refusal) and answers[3].status == 429
    other = make_key(site)
    assert isinstance(access.authorise(request, other, "check"), ApiKey)  # counted per key


def test_a_keys_last_use_is_written_at_most_once_a_minute(site, monkeypatch):
    key = make_key(site)
    request = RequestFactory().post("/akismet/1.1/comment-check")
    access.authorise(request, key, "check")
    first = ApiKey.objects.get().last_used_at
    assert first is not None
    access.authorise(request, key, "check")
    assert ApiKey.objects.get().last_used_at == first
    a_minute_on = time.monotonic() + access.NOTE_USE_EVERY
    monkeypatch.setattr(time, "monotonic", lambda: a_minute_on)
    access.authorise(request, key, "check")
    assert ApiKey.objects.get().last_used_at > first


def test_a_key_without_the_scope_is_refused(site):
    key = make_key(site, ("check",))
    refusal = access.authorise(RequestFactory().post("/"), key, "moderate")
    assert isinstance(refusal, access.Refusal) and refusal.status == 403


def test_articles_belong_to_pitlanes_own_site_by_default(article):
    assert article.site_id == home_site_id()
    assert Site.objects.get(pk=article.site_id).is_home


def test_other_sites_articles_are_not_listed_on_pitlane(article, site):
    Article.objects.create(
        site=site, slug="elsewhere", title="Elsewhere", standfirst="", body="Body", byline="",
        url="https://hothatch.example/elsewhere/",
    )
    assert list(Article.objects.published()) == [article]
