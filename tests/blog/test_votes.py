"""Up-votes and the Top sort: one per reader per comment, never own or hidden, rate-limited."""
import re

import pytest
from django.test import Client
from django.urls import reverse

from blog.models import Comment, Vote
from tests.blog.builders import make_comment, make_threads

from .test_article_page import QUERY_BUDGET, comment_ids


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def vote(client, comment, next_url: str = ""):
    return client.post(reverse("blog:vote", args=[comment.pk]), {"next": next_url})


@pytest.fixture
def bobs(article, bob):
    return make_comment(article, bob, "The A110 is the best-handling car under 60k.")


def test_a_reader_up_votes_once_and_the_count_shows(alice, charlie, bobs):
    client = signed_in(alice)

    first, second = vote(client, bobs), vote(client, bobs)
    vote(signed_in(charlie), bobs)

    bobs.refresh_from_db()
    assert (first.status_code, second.status_code) == (302, 302)
    assert bobs.vote_count == 2 and Vote.objects.filter(comment=bobs).count() == 2
    html = client.get(bobs.article.get_absolute_url()).content.decode()
    assert "▲ 2" in html and "Up-voted</button>" in html


def test_nobody_votes_for_their_own_comment(bob, bobs):
    response = vote(signed_in(bob), bobs)

    bobs.refresh_from_db()
    assert response.status_code == 400 and "your own comment" in response.content.decode()
    assert bobs.vote_count == 0


@pytest.mark.parametrize("status", [Comment.Status.HELD, Comment.Status.PENDING, Comment.Status.DELETED])
def test_a_hidden_comment_takes_no_votes(alice, bob, article, status):
    hidden = make_comment(article, bob, "Hidden", status=status)

    assert vote(signed_in(alice), hidden).status_code == 404
    assert not Vote.objects.exists()


def test_votes_are_rate_limited(alice, bob, article, settings):
    settings.PITLANE_RATE_VOTE_ACCOUNT = "2/m"
    comments = [make_comment(article, bob, f"Comment {i}", minutes=i) for i in range(3)]
    client = signed_in(alice)

    statuses = [vote(client, comment).status_code for comment in comments]

    assert statuses == [302, 302, 429] and Vote.objects.count() == 2


def test_an_anonymous_vote_goes_to_the_login_page(client, bobs):
    response = vote(client, bobs)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_vote_returns_to_the_same_page_and_sort_but_never_elsewhere(alice, bobs):
    client = signed_in(alice)
    url = bobs.article.get_absolute_url()

    kept = vote(client, bobs, f"?sort=top&page=1&#c{bobs.pk}")
    other = make_comment(bobs.article, bobs.author, "Another", minutes=3)
    offsite = vote(client, other, "//evil.example/#c1")

    assert kept["Location"] == f"{url}?sort=top&page=1&#c{bobs.pk}"
    assert offsite["Location"] == f"{url}#c{other.pk}"


def test_top_sort_puts_the_most_up_voted_threads_first(client, alice, bob, charlie, article):
    quiet = make_comment(article, alice, "Quiet", minutes=0)
    liked = make_comment(article, alice, "Liked", minutes=1)
    loved = make_comment(article, alice, "Loved", minutes=2)
    for comment, voters in ((liked, [bob]), (loved, [bob, charlie])):
        for voter in voters:
            vote(signed_in(voter), comment)

    html = client.get(article.get_absolute_url() + "?sort=top").content.decode()

    assert comment_ids(html) == [loved.pk, liked.pk, quiet.pk]
    assert re.search(r'<a href="\?sort=top#comments" aria-current="true">Top</a>', html)


def test_top_sort_pages_keep_the_sort(client, alice, article, settings):
    settings.PITLANE_COMMENTS_PER_PAGE = 1
    make_comment(article, alice, "One")
    make_comment(article, alice, "Two", minutes=1)

    html = client.get(article.get_absolute_url() + "?sort=top").content.decode()

    assert "?sort=top&amp;page=2" in html


def test_article_page_query_count_is_unchanged_with_votes(
    alice, bob, charlie, article, django_assert_max_num_queries
):
    make_threads(article, [alice, bob, charlie], roots=10, per_thread=10)
    comments = list(Comment.objects.filter(article=article).exclude(author=alice)[:40])
    Vote.objects.bulk_create([Vote(comment=c, voter=alice) for c in comments])
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(vote_count=1)
    client = signed_in(alice)

    with django_assert_max_num_queries(QUERY_BUDGET):
        html = client.get(article.get_absolute_url() + "?sort=top").content.decode()

    assert html.count("Up-voted</button>") == 40
