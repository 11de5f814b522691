"""What moderation announces to other apps, after the change has committed.

`status_changed` is sent with `entries`: the audit rows of comments whose status changed (one for a
moderator's decision, many for a worker's batch). Receivers must not raise; moderation never waits
for them.
"""
from django.dispatch import Signal

status_changed = Signal()
