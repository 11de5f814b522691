"""`load_demo` and `create_demo_staff`: every seed article in, idempotent, threads intact."""
import json
import shutil

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.utils.html import escape

from blog.demo import demo_status, load_demo
from blog.models import Article, Comment, Tag
from ml.seed import ARTICLES_DIR, load_seed_articles


def snapshot() -> dict:
    comments = Comment.objects.order_by("seed_key").values_list(
        "seed_key", "article__slug", "author__username", "parent__seed_key", "root__seed_key", "depth",
        "status", "created_at", "body", "seed_label",
    )
    articles = Article.objects.order_by("slug").values_list("slug", "title", "body", "published_at")
    links = Article.tags.through.objects.order_by("article__slug", "tag__slug")
    tags = links.values_list("article__slug", "tag__slug")
    users = get_user_model().objects.order_by("username").values_list("username", "password")
    return {"comments": list(comments), "articles": list(articles), "tags": list(tags), "users": list(users)}


@pytest.fixture
def seed_dir(tmp_path):
    """A private copy of the corpus, so a test can edit it."""
    target = tmp_path / "articles"
    shutil.copytree(ARTICLES_DIR, target)
    return target


def test_load_demo_loads_every_seed_article_and_comment(db):
    seeds = load_seed_articles()

    call_command("load_demo")

    assert set(Article.objects.values_list("slug", flat=True)) == {s.slug for s in seeds}
    assert Comment.objects.count() == sum(len(s.comments) for s in seeds)
    handles = {c.author for s in seeds for c in s.comments}
    assert set(get_user_model().objects.values_list("username", flat=True)) == handles


def test_load_demo_twice_changes_nothing(db):
    call_command("load_demo")
    first = snapshot()

    call_command("load_demo")

    assert snapshot() == first


def test_demo_threads_keep_parents_roots_dates_and_labels(db):
    seed = load_seed_articles()[0]
    load_demo()
    article = Article.objects.get(slug=seed.slug)

    for item in seed.comments:
        comment = Comment.objects.get(seed_key=f"{seed.slug}/{item.id}")
        parent = Comment.objects.get(seed_key=f"{seed.slug}/{item.parent}") if item.parent else None
        assert comment.parent == parent
        assert comment.root == (parent.root if parent else comment)
        assert comment.depth == (parent.depth + 1 if parent else 0)
        assert (comment.created_at - article.published_at).total_seconds() == item.minutes_after * 60
        assert (comment.seed_label, comment.author.username) == (item.label, item.author)
        assert not comment.author.has_usable_password()


def test_demo_articles_get_their_tags(db):
    seed = load_seed_articles()[0]
    load_demo()

    tags = Article.objects.get(slug=seed.slug).tags.all()

    assert {(t.kind, t.name) for t in tags} == {(k, n) for k, names in seed.tags.items() for n in names}


def test_demo_comments_start_in_the_status_their_label_implies():
    assert demo_status("ham") == Comment.Status.PUBLISHED
    assert demo_status("off_topic") == Comment.Status.HELD
    assert demo_status("spam") == Comment.Status.SPAM


def test_the_demo_shows_no_seed_spam_to_an_anonymous_reader(db, client):
    load_demo()
    spam = Comment.objects.filter(seed_label=Comment.Label.SPAM).select_related("article")
    assert spam.exists()

    for article in Article.objects.filter(comments__in=spam).distinct():
        page = client.get(article.get_absolute_url()).content.decode()
        for comment in spam.filter(article=article):
            assert escape(comment.body)[:60] not in page
        ham = Comment.objects.filter(article=article, seed_label=Comment.Label.HAM, depth=0).first()
        assert escape(ham.body)[:60] in page


def test_reloading_updates_edited_text_but_keeps_moderators_decisions(db, seed_dir):
    load_demo(seed_dir)
    path = sorted(seed_dir.glob("*.json"))[0]
    raw = json.loads(path.read_text())
    first = raw["comments"][0]
    key = f"{raw['slug']}/{first['id']}"
    Comment.objects.filter(seed_key=key).update(status=Comment.Status.REMOVED)
    first["body"] = "Edited in the seed file."
    raw["title"] = "An edited headline"
    path.write_text(json.dumps(raw))

    load_demo(seed_dir)

    comment = Comment.objects.get(seed_key=key)
    assert (comment.body, comment.status) == ("Edited in the seed file.", Comment.Status.REMOVED)
    assert Article.objects.get(slug=raw["slug"]).title == "An edited headline"


def test_unknown_tag_kind_fails_loudly_and_saves_nothing(db, seed_dir):
    path = sorted(seed_dir.glob("*.json"))[-1]
    raw = json.loads(path.read_text())
    raw["tags"] = {"colour": ["Blue"]}
    path.write_text(json.dumps(raw))

    with pytest.raises(ValueError, match="Unknown tag kind 'colour'"):
        load_demo(seed_dir)

    assert not Article.objects.exists() and not Tag.objects.exists()


def test_create_demo_staff_is_idempotent_and_prints_credentials(db, capsys, monkeypatch):
    monkeypatch.setenv("PITLANE_ADMIN_PASSWORD", "admin-secret-42")
    call_command("create_demo_staff")
    before = list(get_user_model().objects.values_list("username", "password", "is_superuser"))

    call_command("create_demo_staff")

    assert list(get_user_model().objects.values_list("username", "password", "is_superuser")) == before
    moderator = authenticate(username="moderator", password="pitlane-moderator")
    admin = authenticate(username="admin", password="admin-secret-42")
    assert moderator.groups.filter(name="moderators").exists() and not moderator.is_staff
    assert admin.is_superuser and admin.is_staff
    assert "admin-secret-42" in capsys.readouterr().out
