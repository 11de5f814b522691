"""Moderation in context: moderators act on published comments from the article page itself."""
import pytest
from django.urls import reverse

from blog.models import Comment
from moderation import services
from moderation.models import AuditEntry
from tests.blog.builders import make_comment


@pytest.fixture
def published(article, alice):
    return make_comment(article, alice, "The A110 needs a bigger boot, honestly.")


def test_moderators_see_the_tools_and_readers_do_not(client, article, published, moderator, bob):
    client.force_login(moderator)
    assert "Spam + ban author" in client.get(article.get_absolute_url()).content.decode()
    client.force_login(bob)
    assert "Spam + ban author" not in client.get(article.get_absolute_url()).content.decode()


def test_collapse_from_the_article_page_folds_and_returns_to_the_comment(
    client, article, published, moderator
):
    client.force_login(moderator)
    here = article.get_absolute_url()
    response = client.post(reverse("moderation:act", args=[published.pk]), {
        "action": "approve_collapsed", "expected": "published", "next": f"{here}#c{published.pk}",
    })
    assert response.url == f"{here}#c{published.pk}"
    published.refresh_from_db()
    assert published.status == "published" and published.collapsed
    entry = AuditEntry.objects.get(comment=published)
    assert (entry.action, entry.from_status, entry.to_status, entry.reason) == (
        "approve", "published", "published", "off_topic"
    )


def test_unfold_then_a_second_unfold_is_refused(article, published, moderator, other_moderator):
    services.approve(published.pk, moderator, expected="published", collapsed=True)
    services.approve(published.pk, moderator, expected="published")
    published.refresh_from_db()
    assert not published.collapsed
    with pytest.raises(services.AlreadyHandled):
        services.approve(published.pk, other_moderator, expected="published")
    assert AuditEntry.objects.filter(comment=published).count() == 2


def test_reject_from_the_article_page_with_an_explanation(client, article, published, moderator):
    client.force_login(moderator)
    client.post(reverse("moderation:act", args=[published.pk]), {
        "action": "reject", "reason": "off_topic", "expected": "published",
        "explanation": "This thread is about the Alpine.", "next": article.get_absolute_url(),
    })
    published.refresh_from_db()
    assert published.status == Comment.Status.REJECTED
    assert AuditEntry.objects.get(comment=published).explanation == "This thread is about the Alpine."
