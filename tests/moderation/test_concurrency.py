"""Two moderators pressing buttons on the same comment at the same moment: one wins, one is told."""

import threading

import pytest
from django.db import connection

from blog.models import Comment
from moderation import services
from moderation.models import AuditEntry
from tests.moderation.builders import make_held


@pytest.mark.django_db(transaction=True)
def test_two_moderators_at_once_make_exactly_one_decision(article, alice, moderator, other_moderator):
    held = make_held(article, alice)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def act(user, action):
        start.wait()
        try:
            action(held.pk, user)
            outcomes.append(f"done by {user.username}")
        except services.AlreadyHandled as exc:
            outcomes.append(str(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=act, args=(moderator, lambda pk, u: services.approve(pk, u, expected="held"))
        ),
        threading.Thread(
            target=act, args=(other_moderator, lambda pk, u: services.reject(pk, u, "spam", expected="held"))
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    winners = [outcome for outcome in outcomes if outcome.startswith("done")]
    losers = [outcome for outcome in outcomes if outcome.startswith("Already handled by")]
    assert len(winners) == 1 and len(losers) == 1
    assert winners[0].removeprefix("done by ") in losers[0]
    assert AuditEntry.objects.filter(comment=held).count() == 1


@pytest.mark.django_db(transaction=True)
def test_bulk_reject_racing_a_single_approve_never_overturns_it(
    article, alice, bob, moderator, other_moderator
):
    """Mona bulk-rejects what she saw held while Max approves one of them: each comment gets exactly one
    decision, and whatever Max approved stays approved (the bulk skips it, naming him)."""
    contested = [make_held(article, alice) for _ in range(5)]
    bystander = make_held(article, bob)
    seen = {comment.pk: "held" for comment in [*contested, bystander]}
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def bulk():
        start.wait()
        try:
            results["bulk"] = services.bulk_moderate(seen, "reject", moderator, "spam")
        finally:
            connection.close()

    def singles():
        start.wait()
        approved = []
        try:
            for comment in reversed(contested):
                try:
                    services.approve(comment.pk, other_moderator, expected="held")
                    approved.append(comment.pk)
                except services.AlreadyHandled:
                    pass
        finally:
            results["approved"] = approved
            connection.close()

    threads = [threading.Thread(target=bulk), threading.Thread(target=singles)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    done, refused = results["bulk"]
    approved = results["approved"]
    assert set(done).isdisjoint(approved) and set(done) | set(approved) == set(seen)
    assert len(refused) == len(approved)
    assert all("skipped: Already handled by max" in refusal for refusal in refused)
    for comment_id in approved:
        assert Comment.objects.get(pk=comment_id).status == "published"
    assert AuditEntry.objects.filter(comment_id__in=seen).count() == len(seen)
