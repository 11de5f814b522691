import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("blog", "0003_loginalert")]
AFTER = [("blog", "0004_sites")]


@pytest.mark.django_db(transaction=True)
def test_existing_articles_move_to_pitlanes_own_site():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    old_apps.get_model("blog", "Article").objects.create(
        title="Old", slug="old", standfirst="", body="Body", byline="Desk"
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    article = new_apps.get_model("blog", "Article").objects.get(slug="old")
    assert article.site.is_home
    assert article.site.name == "Pitlane"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
