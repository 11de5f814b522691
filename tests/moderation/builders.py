"""Builders for moderation tests: moderators, admins, and comments in a given state with their scores."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from blog.models import Comment
from moderation.models import MODERATORS_GROUP, Review, ScoreRecord
from tests.blog.builders import make_comment, make_reader


def make_moderator(username: str):
    user = make_reader(username)
    user.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    return user


def make_admin(username: str):
    return get_user_model().objects.create_superuser(username=username, password="correct-horse-battery")


def make_held(
    article,
    author,
    body: str = "Held comment",
    codes: str = ",spam,",
    spam: float = 0.8,
    drift: float = 0.1,
    **fields,
) -> Comment:
    """A comment the model held, with the score record and review the worker would have written."""
    comment = make_comment(article, author, body, status=Comment.Status.HELD, **fields)
    ScoreRecord.objects.create(
        comment=comment, model_version="tagged-1", spam_score=spam, drift_score=drift, reasons=["tagged spam"]
    )
    Review.objects.create(
        comment=comment,
        model_version="tagged-1",
        spam_score=spam,
        drift_score=drift,
        reason_codes=codes,
        reasons=[f"likely spam (spam {spam:.2f})"],
    )
    return comment
