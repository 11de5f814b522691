"""The queue keeps the moderator's place: focus, filters and page survive an action; bulk actions check
the status each item was seen in; the navigation counts what waits; moderators land on the queue."""
from django.urls import reverse
from django.utils import timezone

from blog.models import Report
from moderation import services
from tests.blog.builders import PASSWORD, make_comment, make_reader
from tests.moderation.builders import make_held

QUEUE, BULK = reverse("moderation:queue"), reverse("moderation:bulk")


def test_action_returns_to_the_same_filters_and_page_focused_on_the_next_item(
    client, moderator, article, alice
):
    first, second = make_held(article, alice), make_held(article, alice)
    client.force_login(moderator)
    page = client.get(QUEUE, {"author": "alice", "page": "1"})
    assert [c.focus_after for c in page.context["page"].object_list] == [second.pk, first.pk]
    here = f"{QUEUE}?author=alice&page=1"
    response = client.post(
        reverse("moderation:act", args=[first.pk]),
        {"action": "approve", "expected": "held", "next": here, "focus": second.pk},
    )
    assert response.url == f"{here}#item-{second.pk}"


def test_item_forms_carry_the_next_item_to_focus(client, moderator, article, alice):
    first, second = make_held(article, alice), make_held(article, alice)
    client.force_login(moderator)
    html = client.get(QUEUE).content.decode()
    assert f'name="focus" value="{second.pk}"' in html
    assert f'value="{first.pk}:held"' in html  # the bulk checkbox carries the status it was seen in


def test_bulk_skips_an_item_that_changed_since_it_was_seen_and_names_it(
    client, moderator, other_moderator, article, alice, bob
):
    changed, untouched = make_held(article, alice), make_held(article, bob)
    services.approve(changed.pk, other_moderator, expected="held")  # while mona was looking
    client.force_login(moderator)
    response = client.post(
        BULK, {"action": "reject", "reason": "spam", "ids": [f"{changed.pk}:held", f"{untouched.pk}:held"]},
        follow=True,
    )
    page = response.content.decode()
    assert f"#{changed.pk} skipped: Already handled by max" in page
    changed.refresh_from_db()
    untouched.refresh_from_db()
    assert (changed.status, untouched.status) == ("published", "rejected")


def test_bulk_ids_without_the_seen_status_are_refused(client, moderator, article, alice):
    held = make_held(article, alice)
    client.force_login(moderator)
    response = client.post(BULK, {"action": "approve", "ids": [str(held.pk)]}, follow=True)
    assert "not one of the available choices" in response.content.decode()
    held.refresh_from_db()
    assert held.status == "held"


def test_navigation_counts_held_and_reported_comments_for_moderators_only(
    client, moderator, article, alice, bob
):
    make_held(article, alice)
    make_held(article, alice)
    reported = make_comment(article, alice)
    services.report_comment(reported.pk, bob.pk, "spam")
    make_comment(article, alice, status="pending")
    client.force_login(moderator)
    assert 'aria-label="3 waiting"' in client.get("/").content.decode()
    client.force_login(bob)
    assert "waiting" not in client.get("/").content.decode()


def test_moderator_lands_on_the_queue_after_login_and_reader_on_the_front_page(client, moderator, bob):
    response = client.post(reverse("login"), {"username": "mona", "password": PASSWORD})
    assert response.url == QUEUE
    client.logout()
    response = client.post(reverse("login"), {"username": "bob", "password": PASSWORD})
    assert response.url == reverse("blog:article_list")


def test_login_with_next_goes_where_it_was_asked(client, moderator):
    url = reverse("login") + "?next=/moderation/audit/"
    response = client.post(url, {"username": "mona", "password": PASSWORD})
    assert response.url == "/moderation/audit/"


def test_priority_sort_weighs_reports_author_record_and_account_age(client, moderator, article, bob):
    veteran = make_reader("veteran")
    veteran.date_joined = timezone.now() - timezone.timedelta(days=400)
    veteran.save()
    for _ in range(3):
        make_comment(article, veteran)
    newcomer = make_reader("newcomer")  # joined today
    make_comment(article, newcomer, status="rejected")
    calm = make_held(article, veteran, spam=0.6)
    reported = make_held(article, veteran, spam=0.5)
    Report.objects.create(comment=reported, reporter=bob, reason="spam")
    reported.review.open_reports = 2
    reported.review.save()
    risky_author = make_held(article, newcomer, spam=0.4)
    client.force_login(moderator)
    ordered = [c.pk for c in client.get(QUEUE, {"sort": "priority"}).context["page"].object_list]
    # 0.4 + 0.3 (new) + 0.5 * 1/2 rejected = 0.95; 0.5 + 2 * 0.25 = 1.0; 0.6
    assert ordered == [reported.pk, risky_author.pk, calm.pk]
