"""The queue pages and actions: who may use them, what they show, and in how many queries."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from blog.models import Comment, Report
from moderation.models import AuditEntry
from tests.blog.builders import make_comment, make_reader
from tests.moderation.builders import make_held

QUEUE, BULK, AUDIT = reverse("moderation:queue"), reverse("moderation:bulk"), reverse("moderation:audit")


def act_url(comment: Comment) -> str:
    return reverse("moderation:act", args=[comment.pk])


@pytest.fixture
def held(article, alice):
    return make_held(article, alice, "Check out my channel")


@pytest.mark.parametrize("url", [QUEUE, AUDIT])
def test_anonymous_visitor_is_sent_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url", [QUEUE, AUDIT])
def test_reader_is_forbidden(client, bob, url):
    client.force_login(bob)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", [QUEUE, AUDIT])
@pytest.mark.parametrize("who", ["moderator", "site_admin"])
def test_moderators_and_admins_may_look(client, request, who, url):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url).status_code == 200


def test_anonymous_visitor_cannot_act(client, held):
    response = client.post(act_url(held), {"action": "approve"})
    assert response.status_code == 302
    assert client.post(BULK, {"action": "approve", "ids": [f"{held.pk}:held"]}).status_code == 302
    held.refresh_from_db()
    assert held.status == "held"


@pytest.mark.parametrize("action", ["approve", "reject", "spam"])
def test_reader_cannot_act(client, bob, held, action):
    client.force_login(bob)
    assert client.post(act_url(held), {"action": action, "reason": "spam"}).status_code == 403
    bulk = {"action": action, "ids": [f"{held.pk}:held"], "reason": "spam"}
    assert client.post(BULK, bulk).status_code == 403
    held.refresh_from_db()
    assert held.status == "held"


@pytest.mark.parametrize(
    ("who", "action", "status"),
    [
        ("moderator", "approve", "published"),
        ("moderator", "reject", "rejected"),
        ("moderator", "spam", "spam"),
        ("site_admin", "approve", "published"),
        ("site_admin", "reject", "rejected"),
        ("site_admin", "spam", "spam"),
    ],
)
def test_moderators_and_admins_can_act(client, request, held, who, action, status):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.post(act_url(held), {"action": action, "reason": "off_topic", "expected": "held"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == status
    assert AuditEntry.objects.get(comment=held).actor == user


def test_queue_actions_refuse_get(client, moderator, held):
    client.force_login(moderator)
    assert client.get(act_url(held)).status_code == 405


def test_reject_without_reason_is_a_clear_error_and_changes_nothing(client, moderator, held):
    client.force_login(moderator)
    response = client.post(act_url(held), {"action": "reject"}, follow=True)
    assert "Choose a reason" in response.content.decode()
    held.refresh_from_db()
    assert held.status == "held"


def test_second_moderator_sees_already_handled_by_the_first(client, moderator, other_moderator, held):
    client.force_login(moderator)
    client.post(act_url(held), {"action": "approve", "expected": "held"})
    client.force_login(other_moderator)
    response = client.post(
        act_url(held), {"action": "reject", "reason": "spam", "expected": "held"}, follow=True
    )
    assert "Already handled by mona" in response.content.decode()
    assert AuditEntry.objects.filter(comment=held).count() == 1


def test_bulk_approve_handles_every_selected_comment(client, moderator, article, alice, bob):
    comments = [make_held(article, alice), make_held(article, bob)]
    client.force_login(moderator)
    client.post(BULK, {"action": "approve", "ids": [f"{c.pk}:held" for c in comments]})
    assert set(Comment.objects.values_list("status", flat=True)) == {"published"}


def test_bulk_with_nothing_selected_is_a_clear_error(client, moderator, held):
    client.force_login(moderator)
    response = client.post(BULK, {"action": "approve"}, follow=True)
    assert "Select at least one comment" in response.content.decode()


def test_next_pointing_off_site_is_ignored(client, moderator, held):
    client.force_login(moderator)
    response = client.post(act_url(held), {"action": "approve", "next": "https://evil.example/"})
    assert response.url == QUEUE


def test_held_item_shows_article_parent_author_record_scores_and_reports(
    client, moderator, article, alice, bob
):
    parent = make_comment(article, bob, "Where would owners get service?")
    comment = make_held(article, alice, "Visit my channel", parent=parent, spam=0.83)
    make_comment(article, alice, "Earlier rejected one", status="rejected")
    Report.objects.create(comment=comment, reporter=bob, reason="spam", note="channel plug")
    client.force_login(moderator)
    page = client.get(QUEUE).content.decode()
    for expected in (
        escape(article.title),
        article.get_absolute_url(),
        "Where would owners get service?",
        "Visit my channel",
        "spam 0.83",
        "likely spam",
        "1 rejected",
        "channel plug",
    ):
        assert expected in page


def test_tabs_show_counts(client, moderator, article, alice):
    make_held(article, alice)
    make_comment(article, alice, status="pending")
    make_comment(article, alice, status="spam")
    client.force_login(moderator)
    counts = client.get(QUEUE).context["counts"]
    assert (counts["held"], counts["pending"], counts["rejected"], counts["reported"]) == (1, 1, 1, 0)


def test_reason_and_author_filters_narrow_the_list(client, moderator, article, alice, bob):
    spam = make_held(article, alice, codes=",spam,")
    drift = make_held(article, bob, codes=",off_topic,")
    client.force_login(moderator)
    by_reason = client.get(QUEUE, {"reason": "off_topic"}).context["page"].object_list
    by_author = client.get(QUEUE, {"author": "alice"}).context["page"].object_list
    assert [c.pk for c in by_reason] == [drift.pk]
    assert [c.pk for c in by_author] == [spam.pk]


def test_sort_by_score_puts_the_highest_first(client, moderator, article, alice):
    low = make_held(article, alice, spam=0.55)
    high = make_held(article, alice, spam=0.2, drift=0.95)
    client.force_login(moderator)
    ordered = client.get(QUEUE, {"sort": "score"}).context["page"].object_list
    assert [c.pk for c in ordered] == [high.pk, low.pk]


def test_invalid_filters_fall_back_to_defaults(client, moderator, held):
    client.force_login(moderator)
    response = client.get(QUEUE, {"tab": "nope", "article": "x", "sort": "'; drop"})
    assert response.status_code == 200
    assert [c.pk for c in response.context["page"].object_list] == [held.pk]


def _fill_queue(article, count: int, prefix: str) -> None:
    for i in range(count):
        author = make_reader(f"{prefix}{i}")
        parent = make_comment(article, author, "parent")
        comment = make_held(article, author, parent=parent)
        Report.objects.create(comment=comment, reporter=author, reason="spam")


def test_queue_page_query_count_does_not_grow_with_items(
    client, moderator, article, django_assert_max_num_queries
):
    client.force_login(moderator)
    _fill_queue(article, 2, "few")
    with django_assert_max_num_queries(14) as few:
        client.get(QUEUE)
    _fill_queue(article, 20, "many")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(QUEUE)


def test_audit_log_lists_actions_with_actor(client, moderator, held):
    client.force_login(moderator)
    client.post(act_url(held), {"action": "reject", "reason": "abusive", "note": "rude"})
    page = client.get(AUDIT).content.decode()
    assert "mona" in page and "Rejected" in page and "held → rejected" in page and "rude" in page
