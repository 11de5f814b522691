"""The world the authorisation tests share: readers, a moderator, plain staff, an admin, every object."""
from __future__ import annotations

import pytest

from api.keys import issue_key, site_for
from api.models import CoralPhase, WebhookDelivery, WebhookSubscription
from blog.models import AccountEvent, Comment, LoginAlert, Report, Tag
from moderation import services
from moderation.models import ModerationSettings, ReplyNotice
from tests.blog.builders import make_article, make_comment, make_reader
from tests.moderation.builders import make_admin, make_held, make_moderator


def make_staff(username: str):
    """Staff without a single permission: Django's admin lets them in, and shows them no model."""
    user = make_reader(username)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def world(db):
    """Alice and bob (readers), mona (moderator), sam (staff, no permissions), ada (admin), and one of
    every admin-listed object."""
    alice, bob = make_reader("alice"), make_reader("bob")
    mona, sam, ada = make_moderator("mona"), make_staff("sam"), make_admin("ada")
    article = make_article("alpine-a110-record-year")
    tag = Tag.objects.create(kind="make", name="Alpine", slug="alpine")
    article.tags.add(tag)
    published = make_comment(article, bob, "Bob's published comment")
    approved = make_held(article, bob, "Held then approved")
    decision = services.approve(approved.pk, mona)  # leaves an audit entry
    Report.objects.create(comment=published, reporter=mona, reason="spam")
    ReplyNotice.objects.create(comment=published, recipient="bob@example.com")
    ModerationSettings.load()
    LoginAlert.objects.create(username="alice", failures=30)
    AccountEvent.objects.create(kind=AccountEvent.Kind.DATA_DOWNLOADED, user_id=alice.pk, username="alice")
    site = site_for("Hot Hatch Weekly", "https://hothatch.example/")
    issue_key(site)
    hook = WebhookSubscription.objects.create(site=site, url="https://hothatch.example/hooks", events=[])
    WebhookDelivery.objects.create(subscription=hook, event="model.promoted", body="{}")
    CoralPhase.objects.create(site=site, signing_secret="coral-secret")
    return {
        "anonymous": None, "reader": alice, "other_reader": bob, "moderator": mona, "staff": sam,
        "admin": ada,
        "article": article, "tag": tag, "published": published, "decision": decision,
        "pending": make_comment(article, alice, "Alice's pending comment", status=Comment.Status.PENDING),
        "bobs_pending": make_comment(article, bob, "Bob's pending comment", status=Comment.Status.PENDING),
        "held": make_held(article, bob, "Bob's held comment"),
    }
