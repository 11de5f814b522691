"""The Celery application; settings come from Django's under the CELERY_ namespace.

Services hand work to the worker with `enqueue_after_commit(task_name, *args)`: by name, so that a
service never imports the tasks module that calls it, and after commit, through `delay_on_commit`.
"""
import functools
import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
log = logging.getLogger(__name__)
# One quick second try: a request waiting on a dead broker is worse than a job the sweeper re-sends.
SEND_RETRY_POLICY = {"max_retries": 1, "interval_start": 0.1}


class Task(DjangoTask):
    """Celery's Django task whose `delay_on_commit` never raises into code that has already committed.

    The rows are saved by then: a broker that is down must not turn a saved comment into an error page.
    The failure is logged; pending comments are sent again by the sweeper.
    """

    def delay_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(functools.partial(self.send_or_log, *args, **kwargs))

    def send_or_log(self, *args, **kwargs) -> bool:
        try:
            self.apply_async(args, kwargs, retry_policy=SEND_RETRY_POLICY)
        except Exception:  # any broker failure
            log.warning("could not send %s%r to the worker; the sweeper will retry pending comments",
                        self.name, args, exc_info=True)
            return False
        return True


app = Celery("pitlane", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def task_named(task_name: str):
    """The registered task of that name, without importing its module where it is called from."""
    if task_name not in app.tasks:  # a web process: discover the tasks modules, as a worker does at start
        app.loader.import_default_modules()
    return app.tasks[task_name]


def enqueue_after_commit(task_name: str, *args: object) -> None:
    """Send the task named `task_name` with `args` once the current transaction commits (now, outside one)."""
    task_named(task_name).delay_on_commit(*args)
