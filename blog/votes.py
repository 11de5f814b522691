"""Readers' up-votes: one per reader per comment, never for their own or a hidden comment."""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from blog.models import Comment, Vote


class VoteRefused(Exception):
    """A vote that is not allowed; the message is safe to show the reader."""


def up_vote(comment_id: int, voter) -> bool:
    """Count the reader's up-vote; False when they had already voted (a second click changes nothing).

    The Vote row's unique constraint decides who was first; the counter moves in the same transaction.
    """
    comment = Comment.objects.filter(pk=comment_id, status=Comment.Status.PUBLISHED).first()
    if comment is None:
        raise VoteRefused("You can only vote for comments everyone can see.")
    if comment.author_id == voter.pk:
        raise VoteRefused("You cannot vote for your own comment.")
    try:
        with transaction.atomic():
            Vote.objects.create(comment=comment, voter=voter)
            Comment.objects.filter(pk=comment_id).update(vote_count=F("vote_count") + 1)
    except IntegrityError:
        return False
    return True


def withdraw_all(voter) -> int:
    """Take back every up-vote of a reader whose account is going; the counters move with them."""
    with transaction.atomic():
        voted = Vote.objects.filter(voter=voter)
        Comment.objects.filter(pk__in=voted.values("comment_id")).update(vote_count=F("vote_count") - 1)
        withdrawn, _ = voted.delete()
    return withdrawn
