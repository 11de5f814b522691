"""Reader e-mails the worker sends: each builds its message from an id, so no secret rides the broker."""
from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model

from blog import mail

# Mail servers and networks fail for a while; a few tries with backoff, then the reader can ask again.
MAIL_RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 300, "max_retries": 5}


@shared_task(acks_late=True, soft_time_limit=20, time_limit=30, **MAIL_RETRY)
def send_password_reset(user_id: int) -> bool:
    """The reset link is made here, by the worker: the token never travels through the broker."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None or not user.has_usable_password():
        return False
    mail.password_reset(user).send()
    return True


@shared_task(acks_late=True, soft_time_limit=20, time_limit=30, **MAIL_RETRY)
def send_email_verification(user_id: int) -> bool:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    mail.email_verification(user).send()
    return True
