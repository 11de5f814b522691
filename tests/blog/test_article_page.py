"""The article page: who sees which comments, threading, sorting, paging, and its query budget."""
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from blog.models import Comment
from tests.blog.builders import make_article, make_comment, make_threads

QUERY_BUDGET = 9  # article, tags, session, user, root count, root ids, thread, moderator group, sanctions


def page(client, article, query: str = "") -> str:
    response = client.get(article.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def comment_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li class="comment [^"]*" id="c(\d+)"', html)]


def test_article_page_shows_the_story(client, article):
    html = page(client, article)

    assert escape(article.title) in html and article.standfirst in html
    assert "<p>Second paragraph.</p>" in html


def test_pending_comment_is_shown_to_its_author_with_a_badge(client, alice, article):
    pending = make_comment(article, alice, "Still waiting.", status=Comment.Status.PENDING)
    client.force_login(alice)

    html = page(client, article)

    assert comment_ids(html) == [pending.pk]
    assert "Awaiting review" in html


def test_pending_comment_is_hidden_from_other_readers_and_visitors(client, alice, bob, article):
    make_comment(article, alice, "Still waiting.", status=Comment.Status.PENDING)
    published = make_comment(article, alice, "Out in the open.")

    assert comment_ids(page(client, article)) == [published.pk]
    client.force_login(bob)
    html = page(client, article)
    assert comment_ids(html) == [published.pk]
    assert "Still waiting." not in html and "Awaiting review" not in html


def test_held_comment_tells_its_author_it_is_held(client, alice, bob, article):
    make_comment(article, alice, "Borderline.", status=Comment.Status.HELD)
    client.force_login(alice)
    assert "Held for review" in page(client, article)
    client.force_login(bob)
    assert "Borderline." not in page(client, article)


def test_rejected_comment_shows_its_author_a_notice(client, alice, bob, article):
    make_comment(article, alice, "Buy now.", status=Comment.Status.REJECTED)
    client.force_login(alice)
    assert "This comment was not published" in page(client, article)
    client.force_login(bob)
    assert "Buy now." not in page(client, article)


def test_removed_comment_is_hidden_even_from_its_author(client, alice, article):
    make_comment(article, alice, "Gone.", status=Comment.Status.REMOVED)
    client.force_login(alice)

    assert "Gone." not in page(client, article)


def test_replies_under_a_hidden_comment_are_hidden_with_it(client, alice, bob, article):
    top = make_comment(article, bob, "Visible top.")
    hidden = make_comment(article, bob, "Held reply.", parent=top, status=Comment.Status.HELD)
    make_comment(article, alice, "Reply to the held one.", parent=hidden)

    assert comment_ids(page(client, article)) == [top.pk]


def test_collapsed_comment_is_folded_behind_a_details_element(client, alice, article):
    make_comment(article, alice, "My first slot car was a Scalextric.", collapsed=True)

    html = page(client, article)

    assert re.search(r"<details class=\"folded\"><summary>Show off-topic comment</summary>.*Scalextric", html)


def test_threads_are_shown_depth_first_with_indents_capped_at_six(client, alice, bob, article):
    chain = [make_comment(article, alice, "Level 0")]
    for level in range(1, 9):
        author = bob if level % 2 else alice
        chain.append(make_comment(article, author, f"Level {level}", parent=chain[-1], minutes=level))
    sibling = make_comment(article, bob, "Second reply to the top", parent=chain[0], minutes=30)

    html = page(client, article)

    assert comment_ids(html) == [c.pk for c in chain] + [sibling.pk]
    indents = [int(i) for i in re.findall(r'class="comment indent-(\d)', html)]
    assert indents == [0, 1, 2, 3, 4, 5, 6, 6, 6, 1]
    assert html.count("replying to <a") == 2
    assert f'replying to <a href="#c{chain[7].pk}">@{chain[7].author.username}</a>' in html


def test_top_level_comments_are_paginated_fifty_a_page_with_their_replies(client, alice, bob, article):
    tops = [make_comment(article, alice, f"Top {i}", minutes=i) for i in range(51)]
    reply = make_comment(article, bob, "Reply to the last", parent=tops[50], minutes=100)

    first, second = page(client, article), page(client, article, "?page=2")

    assert comment_ids(first) == [c.pk for c in tops[:50]]
    assert comment_ids(second) == [tops[50].pk, reply.pk]
    assert "Page 1 of 2" in first


def test_newest_sort_puts_the_latest_thread_first_and_keeps_replies_in_order(client, alice, bob, article):
    old = make_comment(article, alice, "Old", minutes=1)
    new = make_comment(article, alice, "New", minutes=2)
    first_reply = make_comment(article, bob, "First reply", parent=old, minutes=3)
    second_reply = make_comment(article, bob, "Second reply", parent=old, minutes=4)

    replies = [first_reply.pk, second_reply.pk]
    assert comment_ids(page(client, article, "?sort=newest")) == [new.pk, old.pk, *replies]
    assert comment_ids(page(client, article, "?sort=bogus")) == [old.pk, *replies, new.pk]


def test_out_of_range_page_shows_the_last_page(client, alice, article):
    only = make_comment(article, alice, "Alone")

    assert comment_ids(page(client, article, "?page=99")) == [only.pk]
    assert comment_ids(page(client, article, "?page=abc")) == [only.pk]


def test_comment_text_is_escaped_and_links_are_nofollow(client, alice, article):
    make_comment(article, alice, '<script>alert("x")</script> see https://alpine-cars.com/a110')

    html = page(client, article)

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<a href="https://alpine-cars.com/a110" rel="nofollow ugc noopener">' in html


def test_closed_article_shows_closed_notice_and_no_forms(client, alice, bob, closed_article):
    make_comment(closed_article, bob, "Said before closing.")
    client.force_login(alice)

    html = page(client, closed_article)

    assert "Comments are closed on this article." in html
    assert "<textarea" not in html


def test_future_article_is_not_found(client, db):
    future = make_article("embargoed", published_at=timezone.now() + timezone.timedelta(days=1))

    assert client.get(future.get_absolute_url()).status_code == 404
    assert escape(future.title) not in client.get("/").content.decode()


def test_article_list_is_newest_first_with_published_comment_counts(client, alice, article, other_article):
    other_article.published_at = article.published_at + timezone.timedelta(hours=1)
    other_article.save()
    make_comment(article, alice, "One")
    make_comment(article, alice, "Hidden", status=Comment.Status.PENDING)

    html = client.get("/").content.decode()

    assert html.index(escape(other_article.title)) < html.index(escape(article.title))
    assert "1 comment<" in html


@pytest.mark.parametrize("roots, per_thread", [(2, 10), (40, 50)])
def test_article_page_query_count_does_not_grow_with_the_thread(
    client, alice, bob, charlie, article, django_assert_max_num_queries, roots, per_thread
):
    total = make_threads(article, [alice, bob, charlie], roots=roots, per_thread=per_thread)
    make_comment(article, alice, "Mine, pending", status=Comment.Status.PENDING, minutes=-1)
    client.force_login(alice)

    with django_assert_max_num_queries(QUERY_BUDGET):
        html = page(client, article)

    assert len(comment_ids(html)) == total + 1


def test_reply_link_opens_a_reply_form_under_that_comment_only(client, alice, bob, article):
    first = make_comment(article, bob, "First")
    second = make_comment(article, bob, "Second", minutes=1)
    client.force_login(alice)

    html = page(client, article, f"?reply={second.pk}")

    assert f'href="?sort=oldest&amp;page=1&amp;reply={first.pk}#c{first.pk}"' in html
    assert html.count('name="parent"') == 1
    assert f'<input type="hidden" name="parent" value="{second.pk}">' in html


def test_report_link_opens_a_report_form_but_not_on_my_own_comment(client, alice, bob, article):
    mine = make_comment(article, alice, "Mine")
    theirs = make_comment(article, bob, "Theirs", minutes=1)
    client.force_login(alice)

    assert 'name="reason"' not in page(client, article, f"?report={mine.pk}")
    assert f'action="/comments/{theirs.pk}/report/"' in page(client, article, f"?report={theirs.pk}")


@pytest.fixture
def long_thread(article, alice, bob, settings):
    """A root with seven replies, three rows of it shown per page of the thread."""
    settings.PITLANE_REPLIES_PER_THREAD = 3
    root = make_comment(article, alice, "Dealer margins are the story here.")
    replies = [
        make_comment(article, bob if i % 2 else alice, f"Reply {i}.", parent=root, minutes=i)
        for i in range(1, 8)
    ]
    return root, replies


def test_a_long_thread_shows_its_first_rows_and_links_to_the_rest(client, article, long_thread):
    root, replies = long_thread

    html = page(client, article)

    assert comment_ids(html) == [root.pk, replies[0].pk, replies[1].pk]
    assert f'href="?thread={root.pk}&amp;page=2#comments"' in html and "5 more replies in this thread" in html


def test_a_thread_page_shows_the_rest_of_one_thread_in_order(client, article, long_thread):
    root, replies = long_thread
    make_comment(article, root.author, "Another thread entirely.", minutes=30)

    second = page(client, article, f"?thread={root.pk}&page=2")
    third = page(client, article, f"?thread={root.pk}&page=3")

    assert comment_ids(second) == [r.pk for r in replies[2:5]]
    assert comment_ids(third) == [r.pk for r in replies[5:]]
    assert "page 2 of 3" in second and "Another thread entirely." not in second
    assert f'href="?thread={root.pk}&amp;page=3#comments"' in second


def test_a_thread_id_from_another_article_shows_the_article_page(client, article, alice, long_thread):
    elsewhere = make_comment(make_article("elsewhere"), alice, "Not under this story.")

    html = page(client, article, f"?thread={elsewhere.pk}&page=2")

    assert "Not under this story." not in html and "One thread, started by" not in html
    assert comment_ids(html)[0] == long_thread[0].pk


def test_a_reply_beyond_the_cut_is_found_on_its_thread_page(client, alice, article, long_thread):
    root, replies = long_thread
    client.force_login(alice)

    response = client.get(reverse("blog:comment_permalink", args=[replies[-1].pk]))

    assert response["Location"] == f"{article.get_absolute_url()}?thread={root.pk}&page=3#c{replies[-1].pk}"
    early = client.get(reverse("blog:comment_permalink", args=[replies[0].pk]))
    assert early["Location"] == f"{article.get_absolute_url()}#c{replies[0].pk}"
