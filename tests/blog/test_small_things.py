"""Small things readers notice: the favicon, the 429 page's wording, no promise of a missing video."""
from django.test import Client
from django.urls import reverse

from ml.seed import load_seed_articles
from tests.blog.builders import make_comment


def test_every_page_names_the_icon_and_favicon_ico_redirects_to_it(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    response = client.get("/favicon.ico")

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert response.status_code == 301 and response["Location"] == "/static/favicon.svg"


def test_login_429_page_talks_about_logging_in(alice, settings):
    settings.PITLANE_RATE_LOGIN_IP = "1/m"
    client = Client(REMOTE_ADDR="203.0.113.70")
    client.post(reverse("login"), {"username": "alice", "password": "wrong"})

    html = client.post(reverse("login"), {"username": "alice", "password": "wrong"}).content.decode()

    assert "Too many login attempts" in html and "log in again" in html
    assert "comment" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_comment_429_page_talks_about_posting(alice, article, settings):
    settings.PITLANE_RATE_COMMENT_ACCOUNT = "1/m"
    client = Client()
    client.force_login(alice)
    url = reverse("blog:post_comment", args=[article.slug])
    client.post(url, {"body": "First"})

    html = client.post(url, {"body": "Second"}).content.decode()

    assert "Too many requests" in html and "Limits on posting keep the comment section readable" in html


def test_no_demo_article_promises_an_embedded_video():
    bodies = [seed.body for seed in load_seed_articles()]

    assert not [body for body in bodies if "embed" in body.lower()]


def test_top_level_and_reply_collapsed_comments_are_named_for_what_they_are(client, article, alice, bob):
    top = make_comment(article, alice, "Slot cars were my childhood", collapsed=True)
    make_comment(article, bob, "Mine too", parent=top, collapsed=True)

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.count("Show off-topic comment") == 1 and html.count("Show off-topic reply") == 1
