"""Reports weigh by the reporter's standing: fresh, banned or suspended accounts cannot hide a comment."""
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from blog.models import Comment, ReaderProfile, Report
from moderation import services
from moderation.models import Review
from moderation.policy import Reporter, report_weight
from moderation.reader_models import Restriction
from tests.blog.builders import make_comment, make_established_reader, make_reader


def status_of(comment) -> str:
    return Comment.objects.values_list("status", flat=True).get(pk=comment.pk)


@pytest.mark.parametrize(
    "reporter, weight",
    [
        (Reporter(account_age_days=0.01), 0.0),  # minutes old
        (Reporter(account_age_days=1, published_count=0), 0.0),
        (Reporter(account_age_days=1, published_count=1), 0.5),
        (Reporter(account_age_days=5), 0.5),
        (Reporter(account_age_days=30, published_count=3), 1.0),
        (Reporter(account_age_days=30, published_count=3, banned=True), 0.0),
        (Reporter(account_age_days=0, trusted=True), 2.0),
        (Reporter(account_age_days=400, published_count=90, trusted=True, banned=True), 0.0),
    ],
)
def test_report_weight_follows_the_reporters_standing(reporter, weight):
    assert report_weight(reporter) == weight


def test_three_brand_new_accounts_cannot_hide_a_comment(article, alice):
    comment = make_comment(article, alice)
    for name in ("sock1", "sock2", "sock3", "sock4", "sock5", "sock6"):
        services.report_comment(comment.pk, make_reader(name).pk, "abusive")

    assert status_of(comment) == "published"
    review = Review.objects.get(comment=comment)
    assert (review.open_reports, review.open_report_weight) == (6, 0.0)  # moderators still see them


def test_three_established_readers_pull_a_comment_back(article, alice):
    comment = make_comment(article, alice)
    for name in ("r1", "r2", "r3"):
        services.report_comment(comment.pk, make_established_reader(name, article).pk, "abusive")

    assert status_of(comment) == "held"
    assert "weighing 3" in Review.objects.get(comment=comment).reasons[-1]


def test_banned_readers_reports_are_ignored(article, alice):
    comment = make_comment(article, alice)
    for name in ("b1", "b2", "b3"):
        reader = make_established_reader(name, article)
        ReaderProfile.objects.filter(user=reader).update(banned=True)
        services.report_comment(comment.pk, reader.pk, "spam")

    assert status_of(comment) == "published"
    assert not Review.objects.filter(comment=comment, open_reports__gt=0).exists()
    assert set(Report.objects.filter(comment=comment).values_list("weight", flat=True)) == {0.0}


def test_suspended_readers_reports_are_ignored(article, alice):
    comment = make_comment(article, alice)
    for name in ("s1", "s2", "s3"):
        reader = make_established_reader(name, article)
        get_user_model().objects.filter(pk=reader.pk).update(is_active=False)
        services.report_comment(comment.pk, reader.pk, "spam")

    assert status_of(comment) == "published"


def test_readers_suspended_for_now_are_ignored(article, alice):
    comment = make_comment(article, alice)
    for name in ("t1", "t2", "t3"):
        reader = make_established_reader(name, article)
        Restriction.objects.create(reader=reader, suspended_until=timezone.now() + timedelta(hours=1))
        services.report_comment(comment.pk, reader.pk, "spam")

    assert status_of(comment) == "published"


def test_new_accounts_add_nothing_to_established_reports(article, alice):
    comment = make_comment(article, alice)
    for name in ("r1", "r2"):
        services.report_comment(comment.pk, make_established_reader(name, article).pk, "spam")
    for name in ("n1", "n2", "n3"):
        services.report_comment(comment.pk, make_reader(name).pk, "spam")

    assert status_of(comment) == "published"
    assert Review.objects.get(comment=comment).open_report_weight == 2.0


def test_one_trusted_and_one_established_reader_are_enough(article, alice):
    comment = make_comment(article, alice)
    trusted = make_reader("tess")
    ReaderProfile.objects.filter(user=trusted).update(trusted=True)
    services.report_comment(comment.pk, trusted.pk, "spam")
    services.report_comment(comment.pk, make_established_reader("r1", article).pk, "spam")

    assert status_of(comment) == "held"


def test_age_alone_without_published_comments_weighs_half(article, alice):
    comment = make_comment(article, alice)
    for i in range(6):
        reader = make_reader(f"quiet{i}")
        get_user_model().objects.filter(pk=reader.pk).update(date_joined=timezone.now() - timedelta(days=20))
        services.report_comment(comment.pk, reader.pk, "spam")

    assert status_of(comment) == "held"


def test_many_accounts_reporting_from_one_address_are_limited(article, alice, settings):
    settings.PITLANE_RATE_REPORT_IP = "3/h"
    comments = [make_comment(article, alice, f"Comment {i}") for i in range(4)]
    statuses = []
    for i, comment in enumerate(comments):
        client = Client(REMOTE_ADDR="203.0.113.99")
        client.force_login(make_reader(f"brigade{i}"))
        response = client.post(reverse("blog:report_comment", args=[comment.pk]), {"reason": "spam"})
        statuses.append(response.status_code)

    assert statuses == [302, 302, 302, 429]
    assert Report.objects.count() == 3


def test_the_queue_shows_each_reports_weight_and_the_open_weight(article, alice, moderator):
    comment = make_comment(article, alice)
    services.report_comment(comment.pk, make_established_reader("veteran", article).pk, "spam")
    services.report_comment(comment.pk, make_reader("newbie").pk, "spam")
    client = Client()
    client.force_login(moderator)

    page = client.get(reverse("moderation:queue") + "?tab=reported").content.decode()

    assert "veteran <span" in page and "(weight 1)" in page
    assert "(weight 0)" in page
    assert "open reports weighing 1" in page
