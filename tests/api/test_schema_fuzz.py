"""schemathesis generates requests from our own OpenAPI schema: never a 500, every answer as documented."""
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from blog.models import Article, Comment
from tests.blog.builders import make_comment


@pytest.fixture
def connections_kept():
    """The test's database transaction must outlive each request, as Django's test client arranges."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, connections_kept, settings, key, site, alice):
    settings.PITLANE_RATE_API_KEY = "100000/m"
    article = Article.objects.create(
        site=site, url="https://hothatch.example/a/", slug="a", title="A", standfirst="", body="Text.",
        byline="",
    )
    make_comment(article, alice, "Held one", status=Comment.Status.HELD)
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_as_its_schema_says(case, key):
    # Every default check (no server error; documented status codes, content types, headers and bodies)
    # but one: a schema cannot say "one of article_id, article_url or article_external_id" or "a parent
    # on the same article", so some schema-valid requests are rightly refused with a 400.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {key}"}, excluded_checks=[positive_data_acceptance]
    )
