"""What moderation announces to other apps.

`status_changed` is sent with `entries`: the audit rows of comments whose status changed (one for a
moderator's decision, many for a worker's batch), inside the transaction that changed them. A receiver
that acts outside the database registers `transaction.on_commit`; its errors are logged, never raised.
"""
from django.dispatch import Signal

status_changed = Signal()
