"""Shared little world for the tests: readers alice, bob and charlie, and an open article."""
import pytest
from django.core.cache import cache

from tests.blog.builders import make_article, make_reader


def pytest_configure(config):
    # WhiteNoise warns when collectstatic has not run; tests never serve static files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The default PBKDF2 cost is deliberate in production and just slowness in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # Rate-limit counters live in the cache; each test starts with none spent.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def worker_forgets_decided_comments():
    # The worker remembers which comments it decided; rolled-back test databases reuse their ids.
    from moderation import worker

    worker._decided_here.clear()
    yield
    worker._decided_here.clear()


@pytest.fixture(autouse=True)
def webhooks_forget_subscriptions():
    # Whether any site subscribes is cached per process; a rolled-back test must not leave it set.
    from api import webhooks

    webhooks.forget_subscriptions()
    yield
    webhooks.forget_subscriptions()


@pytest.fixture(autouse=True)
def learned_domains_forgotten():
    # Each process keeps the learned link domains for a minute; a test must not see another's.
    from moderation.services import domains

    domains.forget_learned_domains()
    yield
    domains.forget_learned_domains()


@pytest.fixture
def alice(db):
    return make_reader("alice")


@pytest.fixture
def bob(db):
    return make_reader("bob")


@pytest.fixture
def charlie(db):
    return make_reader("charlie")


@pytest.fixture
def article(db):
    return make_article("alpine-a110-record-year", title="Alpine's record year rides on one car")


@pytest.fixture
def other_article(db):
    return make_article("dacia-sales-2023", title="Dacia sold more cars in Europe than ever")


@pytest.fixture
def closed_article(db):
    return make_article("closed-story", title="A story with comments closed", comments_open=False)
