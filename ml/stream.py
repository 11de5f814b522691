"""Score a JSONL file of comments into a JSONL file of scores in bounded memory, all or nothing.

1. Validate every line first (JSON object, non-empty body, string fields, an id seen once), keeping
   only the ids: a bad line anywhere stops the run before anything is scored or written.
2. Score the file in chunks of CHUNK_LINES lines, writing each chunk's results to a temporary file
   beside the output as soon as they are known: memory holds one chunk, whatever the file's length.
3. Move the temporary file over the output only when every line is scored; on any failure it is
   removed, so readers see the whole output file or none of it.

Comments of one chunk under the same article are each other's discussion (ml.discussion); a chunk is
a whole number of discussion blocks, so an article whose comments sit together in the file is read in
the same blocks as if the file were scored in one batch.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ml.discussion import BLOCK_SIZE
from ml.loaders import check_text_file, parse_comment_line, to_comment
from ml.model import ModerationModel
from ml.types import CommentInput, DataError, Score

CHUNK_LINES = 50 * BLOCK_SIZE


def score_file(
    model: ModerationModel,
    source: Path,
    output: Path,
    *,
    site_domains: Iterable[str] = (),
    chunk_lines: int = CHUNK_LINES,
) -> int:
    """Score every comment of `source` into `output`, one line per input line in input order; the count."""
    validate_file(source)
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    scored = 0
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for ids, comments in chunks(source, chunk_lines):
                scores = model.score(comments, site_domains)
                out.writelines(result_line(i, s) + "\n" for i, s in zip(ids, scores, strict=True))
                scored += len(ids)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return scored


def validate_file(source: Path) -> int:
    """Check every line as `score_file` will read it; the number of comments. Raises DataError."""
    check_text_file(source)
    seen: set = set()
    for number, comment_id, _row in _rows(source):
        if comment_id in seen:
            raise DataError(f"line {number}: duplicate id {comment_id!r}")
        seen.add(comment_id)
    if not seen:
        raise DataError(f"{source}: no comments to score (the file is empty)")
    return len(seen)


def chunks(source: Path, chunk_lines: int) -> Iterator[tuple[list, list[CommentInput]]]:
    """(ids, comments) of consecutive lines, at most `chunk_lines` at a time."""
    ids: list = []
    comments: list[CommentInput] = []
    for _number, comment_id, row in _rows(source):
        ids.append(comment_id)
        comments.append(to_comment(row))
        if len(ids) == chunk_lines:
            yield ids, comments
            ids, comments = [], []
    if ids:
        yield ids, comments


def _rows(source: Path) -> Iterator[tuple[int, object, dict]]:
    try:
        with source.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    row = parse_comment_line(line, f"line {number}")
                    yield number, _comment_id(row, number), row
    except UnicodeDecodeError as error:
        raise DataError(f"{source}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise DataError(f"{source}: cannot read ({error.strerror or error})") from None


def _comment_id(row: dict, number: int):
    comment_id = row.get("id")
    if not isinstance(comment_id, str | int) or isinstance(comment_id, bool):
        raise DataError(f"line {number}: 'id' must be a string or an integer")
    return comment_id


def result_line(comment_id, score: Score) -> str:
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
