"""Two moderators pressing buttons on the same comment at the same moment: one wins, one is told."""

import threading

import pytest
from django.db import connection

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
