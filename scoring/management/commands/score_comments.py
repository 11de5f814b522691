"""Score a JSONL file of comments with the active model (or --model DIR); no database needed."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

import ml
from ml.loaders import check_text_file, parse_comment_line, to_comment
from scoring.live_model import get_active_model


class Command(BaseCommand):
    help = "Score comments (JSONL in) into spam/drift scores (JSONL out), in input order."
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
        ids, comments = read_comments(Path(input))
        if not comments:
            raise CommandError(f"{input}: no comments to score (the file is empty)")
        scorer = self._model(Path(model) if model else None)
        scores = scorer.score(comments) if comments else []
        write_atomically(Path(output), [result_line(i, s) for i, s in zip(ids, scores, strict=True)])
        self.stderr.write(f"scored {len(scores)} comments with model {scorer.version}")

    def _model(self, directory: Path | None) -> ml.ModerationModel:
        try:
            return ml.load_model(directory) if directory else get_active_model()
        except ml.ModelError as error:
            raise CommandError(str(error)) from None


def read_comments(path: Path) -> tuple[list, list[ml.CommentInput]]:
    """Validate every line before any scoring; the first bad line stops everything."""
    try:
        check_text_file(path)
    except ml.DataError as error:
        raise CommandError(str(error)) from None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: cannot read ({error})") from None
    ids, comments, seen = [], [], set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = parse_comment_line(line, f"line {number}")
        except ml.DataError as error:
            raise CommandError(str(error)) from None
        if not isinstance(row.get("id"), str | int) or isinstance(row.get("id"), bool):
            raise CommandError(f"line {number}: 'id' must be a string or an integer")
        if row["id"] in seen:
            raise CommandError(f"line {number}: duplicate id {row['id']!r}")
        seen.add(row["id"])
        ids.append(row["id"])
        comments.append(to_comment(row))
    return ids, comments


def result_line(comment_id, score: ml.Score) -> str:
    return json.dumps(
        {
            "id": comment_id,
            "spam_score": round(score.spam_score, 6),
            "drift_score": round(score.drift_score, 6),
            "spam": score.spam,
            "off_topic": score.off_topic,
            "flagged": score.flagged,
            "reasons": list(score.reasons),
        },
        ensure_ascii=False,
    )


def write_atomically(path: Path, lines: list[str]) -> None:
    """Readers see the whole output file or none of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.writelines(line + "\n" for line in lines)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
