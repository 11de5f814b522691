"""The accounts that stand for people on other sites: each commenter, and the site's moderators.

Comments need an author account so a commenter's standing (published count, trusted, banned) works the
same for every site. They are plain accounts without a usable password, one per site and identity
(e-mail, else name, else IP address), so nobody can log in as them and sites never share one.
"""
from __future__ import annotations

import hashlib

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from blog.models import ReaderProfile, Site


def commenter(site: Site, name: str = "", email: str = "", ip: str = "", external_id: str = "") -> int:
    """The id of the account standing for this commenter of the site, created on first sight."""
    identity = external_id or email.strip().lower() or name.strip() or ip or "anonymous"
    return _account(site, "c", identity, display=name or email or "anonymous", email=email)


def moderator(site: Site, name: str) -> object:
    """The account standing for one of the site's moderators, by the name the site gives them."""
    user_id = _account(site, "m", name.strip().lower(), display=name.strip())
    return get_user_model().objects.get(pk=user_id)


def _account(site: Site, kind: str, identity: str, display: str, email: str = "") -> int:
    digest = hashlib.sha256(f"{site.pk}\n{kind}\n{identity}".encode()).hexdigest()[:16]
    # Readable where Pitlane shows it ("Already handled by site3-priya-…"), unique by the digest.
    username = f"site{site.pk}-{slugify(display)[:40] or kind}-{digest}"
    users = get_user_model().objects
    found = users.filter(username=username).values_list("pk", flat=True).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            user = users.create_user(username=username, email=email[:254], first_name=display[:150])
            ReaderProfile.objects.create(user=user)
    except IntegrityError:  # created by a concurrent call
        return users.get(username=username).pk
    return user.pk
