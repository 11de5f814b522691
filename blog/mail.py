"""E-mails to readers: absolute links from SITE_URL and a one-click unsubscribe link in every message."""
from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from blog.accounts import email_token, shown_name, unsubscribe_token
from moderation.textnorm import display_host, strip_bidi

REPLY_EXCERPT = 600
# A dotted name ending in a word of letters: a host, with or without a scheme in front.
HOST_RE = re.compile(r"(?<![\w@.-])(?:[\w-]+\.)+[^\W\d_]{2,}(?![\w-])")


def absolute(path: str) -> str:
    """A link that opens from a mail client: the site's address (its host in punycode) in front of a path."""
    scheme, host = settings.SITE_URL.split("://", 1)
    return f"{scheme}://{display_host(host)}{path}"


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
    author = strip_bidi(shown_name(reply.author))
    title = strip_bidi(reply.article.title)
    context = {
        "author": author,
        "title": title,
        "body": plain_for_email(truncate(reply.body, REPLY_EXCERPT)),
        "thread_url": absolute(reply.get_absolute_url()),
    }
    subject = f"{author} replied to you on “{title}”"
    return reader_email(reply.parent.author, subject, "moderation/email/reply_notice.txt", context)


def decision_notice(comment, outcome: str) -> EmailMessage:
    """The e-mail telling an author what a moderator decided about their comment, in the outcome's words."""
    title = strip_bidi(comment.article.title)
    context = {"title": title, "outcome": plain_for_email(outcome),
               "body": plain_for_email(truncate(comment.body, REPLY_EXCERPT)),
               "comment_url": absolute(comment.get_absolute_url())}
    subject = f"Your comment on “{title}” was not published"
    return reader_email(comment.author, subject, "moderation/email/decision_notice.txt", context)


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plain_for_email(text: str) -> str:
    """Reader text as a mail client should show it: no right-to-left overrides to disguise a link,
    and international host names in punycode, so a look-alike of a known site shows as what it is."""
    return HOST_RE.sub(lambda match: _ascii_host(match.group()), strip_bidi(text))


def _ascii_host(host: str) -> str:
    return host if host.isascii() else display_host(host)


def password_reset(user) -> EmailMessage:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = absolute(reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)]))
    context = {"username": user.get_username(), "reset_url": link}
    return reader_email(user, "Reset your Pitlane password", "registration/email/password_reset.txt", context)


def email_verification(user) -> EmailMessage:
    link = absolute(reverse("verify_email", args=[email_token(user)]))
    context = {"username": user.get_username(), "email": user.email, "verify_url": link}
    return reader_email(user, "Confirm your e-mail address for Pitlane",
                        "registration/email/verify_email.txt", context)
