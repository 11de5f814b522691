"""Train a model from labelled files (plus the seed corpus) and save it; --activate makes it live."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

import ml
from ml.seed import seed_examples
from scoring import registry


class Command(BaseCommand):
    help = "Train the spam/drift model; --activate registers it and promotes it to live (audited)."
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--data", nargs="*", default=[], help="JSONL, YouTube CSV (or folder), 20NG")
        parser.add_argument("--out", help="model directory; without it, retrain through the registry")
        parser.add_argument("--no-seed", dest="seed", action="store_false")
        parser.add_argument("--activate", action="store_true",
                            help="register the model and make it live for every worker")

    def handle(self, *args, data: list[str], out: str | None, seed: bool, activate: bool, **options) -> None:
        if out is None:  # the admin page's Retrain button, from a terminal
            call_command("retrain_model", verbosity=options["verbosity"], stdout=self.stdout)
            return
        try:
            examples = ml.load_paths(data) + (seed_examples() if seed else [])
            model = ml.train_model(examples, progress=options["verbosity"] > 0)
            directory = ml.save_model(model, Path(out))
            if activate:
                row = registry.register(directory, note="trained by the train_model command")
                registry.promote(row.pk, None)
        except (ml.DataError, ml.ModelError) as error:
            raise CommandError(str(error)) from None
        live = f" (model #{row.pk}, now live)" if activate else ""
        self.stdout.write(f"saved model {model.version} to {directory}{live}")
