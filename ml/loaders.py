"""Read labelled data into `Example`s: our JSONL, the YouTube Spam Collection CSVs, 20 Newsgroups.

Each loader validates the whole file before returning, so a bad file imports nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ml.text import normalise
from ml.types import DRIFT_KINDS, LABEL_ALIASES, CommentInput, DataError, Example

# The collection names its files by video id; titles let the drift head see a real context.
VIDEO_TITLES = {
    "9bZkp7q19f0": "PSY - GANGNAM STYLE (강남스타일) M/V",
    "CevxZvSJLk8": "Katy Perry - Roar",
    "KQ6zr6kCPj8": "LMFAO - Party Rock Anthem ft. Lauren Bennett, GoonRock",
    "uelHwf8o7_U": "Eminem - Love The Way You Lie ft. Rihanna",
    "pRpeEdMmmQ0": "Shakira - Waka Waka (This Time for Africa)",
}


def load_paths(paths: Iterable[str | Path]) -> list[Example]:
    """Examples from every path, choosing the loader by what the path is."""
    from ml.newsgroups import load_newsgroups

    examples: list[Example] = []
    for path in map(Path, paths):
        if not path.exists():
            raise DataError(f"{path}: no such file or folder")
        if path.suffix == ".jsonl":
            examples += load_jsonl(path)
        elif path.suffix == ".csv" or (path.is_dir() and any(path.glob("*.csv"))):
            examples += load_youtube(path)
        elif path.name.endswith((".tar.gz", ".tgz")) or path.is_dir():
            examples += load_newsgroups(path)
        else:
            raise DataError(f"{path}: expected a .jsonl file, a YouTube CSV (or folder), or 20 Newsgroups")
    return examples


def check_text_file(path: Path) -> None:
    """Refuse an empty or binary file with one clear line, before any loader tries to parse it."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as error:
        raise DataError(f"{path}: cannot read ({error.strerror or error})") from None
    if not head.strip():
        raise DataError(f"{path}: the file is empty")
    if b"\0" in head:
        raise DataError(f"{path}: this is a binary file; expected UTF-8 text")


def parse_comment_line(line: str, where: str) -> dict:
    """One JSON object with the comment fields as strings; `where` names file and line in errors."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise DataError(f"{where}: not valid JSON ({error.msg})") from None
    if not isinstance(row, dict):
        raise DataError(f"{where}: expected a JSON object")
    if not isinstance(row.get("body"), str) or not row["body"].strip():
        raise DataError(f"{where}: 'body' must be a non-empty string")
    for field in ("article_title", "article_body", "parent_body"):
        if not isinstance(row.get(field, ""), str):
            raise DataError(f"{where}: {field!r} must be a string")
    return row


def to_comment(row: dict) -> CommentInput:
    return CommentInput(
        row.get("article_title", ""),
        row.get("article_body", ""),
        row["body"],
        row.get("parent_body", "") or "",
    )


def load_jsonl(path: Path) -> list[Example]:
    """Our JSONL: article_title, article_body, optional parent_body, body, label.

    The car-forum files (shared data, car-forum/README.md) are read too: `label: drift` takes its kind
    from `kind`, and a `parent_id` naming an earlier row of the file gives that row's body as the parent.
    """
    check_text_file(path)
    examples = []
    bodies: dict[str, str] = {}
    with _text_errors(path), path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            row = parse_comment_line(line, where)
            kind = _kind(row, where)
            group = str(row.get("thread_id") or row.get("article_title") or f"{path.name}:{number}")
            if row.get("parent_id") in bodies and not row.get("parent_body"):
                row["parent_body"] = bodies[row["parent_id"]]
            if isinstance(row.get("id"), str):
                bodies[row["id"]] = row["body"]
            examples.append(Example(to_comment(row), LABEL_ALIASES[kind], group, "jsonl", kind))
    if not examples:
        raise DataError(f"{path}: no examples")
    return examples


def _kind(row: dict, where: str) -> str:
    """The row's label in the drift set's spelling; `drift` is made precise by the row's `kind`."""
    kind = row.get("label")
    if kind == "drift":
        kind = row.get("kind") if row.get("kind") in DRIFT_KINDS else "drift_same_domain"
    if kind not in LABEL_ALIASES:
        raise DataError(f"{where}: label must be one of {sorted(LABEL_ALIASES)}, got {kind!r}")
    return kind


def load_youtube(path: Path) -> list[Example]:
    """YouTube Spam Collection CSVs (one file or a folder of them); the video stands in for the article."""
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    return [example for file in files for example in _load_youtube_file(file)]


def video_context(file: Path) -> tuple[str, str]:
    video_id = file.stem.split("-", 1)[-1]
    title = VIDEO_TITLES.get(video_id, f"YouTube video {video_id}")
    return title, f"Comments posted under the YouTube video {title}."


def _load_youtube_file(file: Path) -> list[Example]:
    title, sentence = video_context(file)
    check_text_file(file)
    examples = []
    with _text_errors(file), file.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"CONTENT", "CLASS"} <= set(reader.fieldnames):
            raise DataError(f"{file}:1: header must include CONTENT and CLASS")
        for row in reader:
            where = f"{file}:{reader.line_num}"
            if row["CLASS"] not in ("0", "1"):
                raise DataError(f"{where}: CLASS must be 0 or 1, got {row['CLASS']!r}")
            body = normalise(row["CONTENT"] or "")
            if not body:
                continue
            label = "spam" if row["CLASS"] == "1" else "ham"
            examples.append(Example(CommentInput(title, sentence, body), label, file.stem, "youtube", label))
    return examples


@contextmanager
def _text_errors(path: Path) -> Iterator[None]:
    """Decoding and CSV errors deep in a file become one DataError line naming the file."""
    try:
        yield
    except UnicodeDecodeError as error:
        raise DataError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except csv.Error as error:
        raise DataError(f"{path}: not a readable CSV file ({error})") from None
