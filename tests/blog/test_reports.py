"""Reporting a comment: logged-in readers, one report per reader per comment."""
import pytest
from django.urls import reverse

from blog.models import Comment, Report
from tests.blog.builders import make_comment


@pytest.fixture
def spam(article, bob):
    return make_comment(article, bob, "Cheap parts at www.example-parts.test!!!")


def report_url(comment) -> str:
    return reverse("blog:report_comment", args=[comment.pk])


def test_reader_reports_a_comment(client, alice, spam):
    client.force_login(alice)

    response = client.post(report_url(spam), {"reason": "spam"}, follow=True)

    report = Report.objects.get()
    assert (report.comment, report.reporter, report.reason) == (spam, alice, "spam")
    assert "Thanks for the report" in response.content.decode()


def test_second_report_by_the_same_reader_is_refused_with_a_message(client, alice, spam):
    client.force_login(alice)
    client.post(report_url(spam), {"reason": "spam"})

    response = client.post(report_url(spam), {"reason": "abusive"}, follow=True)

    assert "You have already reported this comment." in response.content.decode()
    assert Report.objects.get().reason == "spam"


def test_another_reader_can_report_the_same_comment(client, alice, charlie, spam):
    for reader in (alice, charlie):
        client.force_login(reader)
        client.post(report_url(spam), {"reason": "off_topic"})

    assert Report.objects.filter(comment=spam).count() == 2


@pytest.mark.parametrize("reason", ["", "boring", "SPAM"])
def test_report_with_unknown_reason_is_rejected(client, alice, spam, reason):
    client.force_login(alice)

    response = client.post(report_url(spam), {"reason": reason})

    assert response.status_code == 400
    assert "Choose a reason for the report." in response.content.decode()
    assert not Report.objects.exists()


def test_report_of_a_comment_that_is_not_published_is_rejected(client, alice, article, bob):
    pending = make_comment(article, bob, "Waiting.", status=Comment.Status.PENDING)
    client.force_login(alice)

    response = client.post(report_url(pending), {"reason": "spam"})

    assert response.status_code == 400
    assert not Report.objects.exists()


def test_anonymous_report_redirects_to_login(client, spam):
    response = client.post(report_url(spam), {"reason": "spam"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Report.objects.exists()
