"""Score a JSONL file of comments with the active model (or --model DIR); no database needed."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

import ml
from ml.stream import score_file, validate_file
from scoring.live_model import get_active_model


class Command(BaseCommand):
    help = "Score comments (JSONL in) into spam/drift scores (JSONL out), in input order, in bounded memory."
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--input", required=True, help="JSONL: id, article_title, article_body, body[, parent_body]"
        )
        parser.add_argument(
            "--output", required=True, help="JSONL written atomically, one line per input line"
        )
        parser.add_argument("--model", help="model directory (default: the active model)")

    def handle(self, *args, input: str, output: str, model: str | None, **options) -> None:
        try:
            validate_file(Path(input))  # a bad line fails fast, before the model is loaded
            scorer = ml.load_model(Path(model)) if model else get_active_model()
            count = score_file(scorer, Path(input), Path(output))
        except (ml.DataError, ml.ModelError) as error:
            raise CommandError(str(error)) from None
        self.stderr.write(f"scored {count} comments with model {scorer.version}")
