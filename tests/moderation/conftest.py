import pytest

from tests.blog.builders import make_comment
from tests.moderation.builders import make_admin, make_moderator


@pytest.fixture
def moderator(db):
    return make_moderator("mona")


@pytest.fixture
def other_moderator(db):
    return make_moderator("max")


@pytest.fixture
def site_admin(db):
    return make_admin("ada")


@pytest.fixture
def tagged_model(settings):
    """Score with the tagged stand-in model so each test states the scores it needs."""
    settings.PITLANE_SCORER = "tests.moderation.scorers.load"


@pytest.fixture
def pending(article, alice):
    return make_comment(article, alice, "The A110 deserves a proper US dealer network.", status="pending")

