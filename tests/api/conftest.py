import pytest

from tests.api.builders import make_key, make_site
from tests.moderation.conftest import tagged_model  # noqa: F401  (the stand-in model, shared)


@pytest.fixture(autouse=True)
def key_uses_forgotten():
    # Each process remembers when it last wrote a key's last use; rolled-back databases reuse ids.
    from api import access

    access._noted.clear()
    yield
    access._noted.clear()


@pytest.fixture
def site(db):
    return make_site()


@pytest.fixture
def other_site(db):
    return make_site("Estate Car Club", "https://estates.example/")


@pytest.fixture
def key(site):
    return make_key(site)


@pytest.fixture
def check_key(site):
    return make_key(site, ("check",))
