"""Retrain from moderators' decisions, imported corpora and the seed, as the admin page's button does."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from scoring import retraining


class Command(BaseCommand):
    help = "Propose a candidate model (trained here, or by the worker with --enqueue); never promotes it."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="let the Celery worker train it")

    def handle(self, *args, enqueue: bool, **options) -> None:
        row = retraining.request_retrain(None, note="from the command line", enqueue=enqueue)
        if enqueue:
            self.stdout.write(f"model #{row.pk} queued; follow it on the models page")
            return
        row = retraining.run_retrain(row.pk) or row
        if row.status != row.Status.READY:
            raise CommandError(f"model #{row.pk} {row.status}: {row.error}")
        self.stdout.write(f"candidate #{row.pk} {row.version} ready in {row.directory}; "
                          "review its report and promote it")
