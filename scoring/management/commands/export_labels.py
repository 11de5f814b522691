"""Write moderators' decisions as labelled JSONL for `python -m ml train --data FILE`."""
from __future__ import annotations

import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scoring.labels import training_rows


class Command(BaseCommand):
    help = "Export approve / reject / spam decisions as ml training data (JSONL)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", required=True, help="JSONL file, written atomically")

    def handle(self, *args, output: str, **options) -> None:
        target = Path(output)
        if not target.parent.is_dir():
            raise CommandError(f"{target.parent} is not a directory")
        temporary = target.with_name(f".{target.name}.tmp")
        count = 0
        with temporary.open("w", encoding="utf-8") as out:
            for row in training_rows():
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        os.replace(temporary, target)
        self.stdout.write(f"{count} labelled comments written to {target}")
