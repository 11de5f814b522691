"""Reader accounts: creating a reader with their profile, and their e-mail preferences."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Q

from blog.models import ReaderProfile
from moderation.models import MODERATORS_GROUP
from moderation.textnorm import is_mixed_script, skeleton


def username_problem(username: str) -> str | None:
    """Why a new username may not be used, or None: no mixed scripts, no look-alike of a staff name.

    "mоderator" with a Cyrillic "о", "rnoderator" or "ｍｏｄｅｒａｔｏｒ" would pass for a moderator in a
    thread; names are compared by their `textnorm.skeleton`.
    """
    if is_mixed_script(username):
        return "Use letters from one alphabet only (this name mixes scripts, e.g. Latin and Cyrillic)."
    key = skeleton(username)
    staff = get_user_model().objects.filter(Q(is_staff=True) | Q(groups__name=MODERATORS_GROUP))
    if any(skeleton(name) == key for name in staff.values_list("username", flat=True).distinct()):
        return "This name looks too much like a member of staff. Please choose another."
    return None


def register_reader(username: str, password: str, email: str = "", email_on_reply: bool = False):
    """Create a reader with a profile in one transaction, so no account exists without its preferences."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, email=email, password=password)
        ReaderProfile.objects.create(user=user, email_on_reply=email_on_reply and bool(email))
    return user


UNSUBSCRIBE_SALT = "pitlane.accounts.unsubscribe"


def unsubscribe_token(user) -> str:
    """A signed token naming the reader: the one-click link needs no login and cannot name anyone else."""
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def reader_for_unsubscribe(token: str):
    """The reader a token names, or None for a forged, damaged or stale token."""
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def set_reply_emails(user, on: bool) -> None:
    """Turn reply e-mails on or off; a reader without an address cannot turn them on."""
    ReaderProfile.objects.update_or_create(user=user, defaults={"email_on_reply": on and bool(user.email)})


def reply_emails_on(user) -> bool:
    return ReaderProfile.objects.filter(user=user, email_on_reply=True).exists()
