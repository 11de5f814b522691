"""Reader accounts: creating a reader and their profile together."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from blog.models import ReaderProfile


def register_reader(username: str, password: str, email: str = "", email_on_reply: bool = False):
    """Create a reader with a profile in one transaction, so no account exists without its preferences."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, email=email, password=password)
        ReaderProfile.objects.create(user=user, email_on_reply=email_on_reply and bool(email))
    return user
