"""E-mails to readers: absolute links from SITE_URL and a one-click unsubscribe link in every message."""
from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from blog.accounts import unsubscribe_token

REPLY_EXCERPT = 600


def absolute(path: str) -> str:
    """A link that opens from a mail client: the site's address in front of a path."""
    return f"{settings.SITE_URL}{path}"


def unsubscribe_url(user) -> str:
    return absolute(reverse("unsubscribe", args=[unsubscribe_token(user)]))


def reader_email(user, subject: str, template: str, context: dict) -> EmailMessage:
    """A message to one reader with the settings and unsubscribe links every reader e-mail carries.

    List-Unsubscribe-Post (RFC 8058) lets mail clients offer their own one-click unsubscribe button.
    """
    unsubscribe = unsubscribe_url(user)
    links = {"unsubscribe_url": unsubscribe, "settings_url": absolute(reverse("account_settings"))}
    return EmailMessage(
        subject=subject,
        body=render_to_string(template, {**context, **links}),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def reply_notice(reply) -> EmailMessage:
    """The e-mail telling a comment's author about a published reply (`reply.parent.author`)."""
    author = reply.author.get_username()
    title = reply.article.title
    context = {
        "author": author,
        "title": title,
        "body": truncate(reply.body, REPLY_EXCERPT),
        "thread_url": absolute(reply.get_absolute_url()),
    }
    subject = f"{author} replied to you on “{title}”"
    return reader_email(reply.parent.author, subject, "moderation/email/reply_notice.txt", context)


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
