"""Labelled corpora imported by admins: validated whole, then saved in one transaction, or not at all."""
from __future__ import annotations

import csv
import tarfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from django.db import transaction

import ml
from ml.loaders import load_jsonl, load_youtube
from ml.newsgroups import load_newsgroups
from scoring.models import ImportedCorpus, ImportedExample

LOADERS: dict[str, Callable[[Path], list[ml.Example]]] = {
    ImportedCorpus.Format.JSONL: load_jsonl,
    ImportedCorpus.Format.YOUTUBE: load_youtube,
    ImportedCorpus.Format.NEWSGROUPS: load_newsgroups,
}
BATCH = 1000
# Every loader keeps its examples in memory; files bigger than this are refused before reading.
# (Archives also have per-member caps, checked from their headers: ml.newsgroups.)
MAX_CORPUS_BYTES = 200 * 1024 * 1024


class CorpusRejected(ValueError):
    """The file cannot be imported; the message names the file (and line) and nothing was saved."""


def read_corpus(path: Path, fmt: str) -> list[ml.Example]:
    """Every example in the file, or CorpusRejected for the first problem found."""
    if fmt not in LOADERS:
        raise CorpusRejected(f"unknown format {fmt!r}; choose one of {', '.join(LOADERS)}")
    if not path.exists():
        raise CorpusRejected(f"{path}: no such file or folder")
    size = _size(path)
    if size > MAX_CORPUS_BYTES:
        raise CorpusRejected(f"{path.name}: {size:,} bytes; corpora are limited to {MAX_CORPUS_BYTES:,}")
    try:
        examples = LOADERS[fmt](path)
    except (ml.DataError, UnicodeDecodeError, csv.Error, tarfile.TarError, OSError, KeyError) as error:
        raise CorpusRejected(f"{path.name}: {error}") from None
    if not examples:
        raise CorpusRejected(f"{path.name}: no labelled examples found")
    return examples


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())
    return path.stat().st_size


def import_corpus(path: str | Path, fmt: str, actor=None, *, name: str = "",
                  progress: Callable[[int], None] | None = None) -> ImportedCorpus:
    """Validate the whole file first, then save the corpus and its examples in one transaction."""
    path = Path(path)
    examples = read_corpus(path, fmt)
    with transaction.atomic():
        corpus = ImportedCorpus.objects.create(
            name=name or path.name, format=fmt, imported_by=actor,
            counts=dict(sorted(Counter(e.label for e in examples).items())),
        )
        for start in range(0, len(examples), BATCH):
            _save_batch(corpus, examples[start:start + BATCH])
            if progress is not None:
                progress(min(BATCH, len(examples) - start))
    return corpus


def _save_batch(corpus: ImportedCorpus, examples: Sequence[ml.Example]) -> None:
    ImportedExample.objects.bulk_create([
        ImportedExample(corpus=corpus, article_title=e.comment.article_title[:300],
                        article_body=e.comment.article_body, parent_body=e.comment.parent_body,
                        body=e.comment.body, label=e.label, kind=e.kind[:30], group=e.group[:200])
        for e in examples
    ])
