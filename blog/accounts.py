"""Reader accounts: creating a reader with their profile, and their e-mail preferences."""
from __future__ import annotations

import unicodedata

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Q

from blog.models import ReaderProfile
from config.celery_app import enqueue_after_commit
from moderation.models import MODERATORS_GROUP
from moderation.textnorm import is_mixed_script, skeleton


def username_problem(username: str) -> str | None:
    """Why a new username may not be used, or None: no mixed scripts, no look-alike of a staff name.

    "mоderator" with a Cyrillic "о", "rnoderator" or "ｍｏｄｅｒａｔｏｒ" would pass for a moderator in a
    thread; names are compared by their `textnorm.skeleton`.
    """
    if is_mixed_script(username):
        return "Use letters from one alphabet only (this name mixes scripts, e.g. Latin and Cyrillic)."
    if _looks_like_staff(username):
        return "This name looks too much like a member of staff. Please choose another."
    return None


# Kept comments of deleted accounts belong to this account (blog.account_data). Django's usernames
# cannot hold a space, so no reader can sign up as it.
DELETED_ACCOUNT = "deleted account"


def display_name_problem(name: str) -> str | None:
    """Why a display name may not be used, or None: the username rules, and no invisible characters."""
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cn") for ch in name):
        return "Use visible characters only."
    if is_mixed_script(name):
        return "Use letters from one alphabet only (this name mixes scripts, e.g. Latin and Cyrillic)."
    if _looks_like_staff(name) or skeleton(name) == skeleton(DELETED_ACCOUNT):
        return "This name looks too much like a member of staff. Please choose another."
    return None


def _looks_like_staff(name: str) -> bool:
    key = skeleton(name)
    staff = get_user_model().objects.filter(Q(is_staff=True) | Q(groups__name=MODERATORS_GROUP))
    return any(skeleton(other) == key for other in staff.values_list("username", flat=True).distinct())


def shown_name(user) -> str:
    """How a reader is named in threads and e-mails: "Display Name (@username)", or the username."""
    name = display_name(user)
    return f"{name} (@{user.get_username()})" if name else user.get_username()


def register_reader(username: str, password: str, email: str = "", email_on_reply: bool = False):
    """Create a reader with a profile in one transaction, so no account exists without its preferences."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, email=email, password=password)
        ReaderProfile.objects.create(user=user, email_on_reply=email_on_reply and bool(email))
        if email:
            request_email_verification(user)
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


EMAIL_CHOICES = ("email_on_reply", "email_on_decision")


def save_settings(user, name: str, **choices: bool) -> None:
    """The settings page: the name shown in threads and which e-mails the reader gets (needs an address)."""
    ReaderProfile.objects.update_or_create(user=user, defaults={"display_name": name})
    set_emails(user, **choices)


def display_name(user) -> str:
    return ReaderProfile.objects.filter(user=user).values_list("display_name", flat=True).first() or ""


def set_emails(user, **choices: bool) -> None:
    """Turn reader e-mails (EMAIL_CHOICES) on or off; a reader without an address cannot turn them on."""
    defaults = {name: bool(on and user.email) for name, on in choices.items() if name in EMAIL_CHOICES}
    ReaderProfile.objects.update_or_create(user=user, defaults=defaults)


def emails_on(user) -> dict[str, bool]:
    profile = ReaderProfile.objects.filter(user=user).values(*EMAIL_CHOICES).first()
    return profile or dict.fromkeys(EMAIL_CHOICES, False)


EMAIL_SALT = "pitlane.accounts.verify-email"
EMAIL_TOKEN_DAYS = 7


def email_token(user) -> str:
    """A signed token naming the reader and the address it confirms; a changed address voids it."""
    return signing.dumps({"user": user.pk, "email": user.email}, salt=EMAIL_SALT)


def request_email_verification(user) -> None:
    """Have the worker send the confirmation link (after commit)."""
    enqueue_after_commit("blog.tasks.send_email_verification", user.pk)


def email_token_ok(token: str) -> bool:
    return _email_token_reader(token) is not None


def verify_email(token: str):
    """Mark the address in the token verified; the reader, or None for a bad, old or outdated token."""
    user = _email_token_reader(token)
    if user is None:
        return None
    ReaderProfile.objects.update_or_create(user=user, defaults={"verified_email": user.email})
    return user


def email_verified(user) -> bool:
    return bool(user.email) and ReaderProfile.objects.filter(user=user, verified_email=user.email).exists()


def _email_token_reader(token: str):
    try:
        claim = signing.loads(token, salt=EMAIL_SALT, max_age=EMAIL_TOKEN_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(claim, dict) or not claim.get("email"):
        return None
    return get_user_model().objects.filter(pk=claim.get("user"), email=claim["email"], is_active=True).first()
