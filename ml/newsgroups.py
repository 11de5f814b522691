"""20 Newsgroups (folder or .tar.gz) turned into (article, reply, on/off topic) pairs.

rec.autos threads (grouped by subject) give the article (first post) and its on-topic replies; for
each article as many drift posts are drawn, half from other car threads and half from other groups.
"""

from __future__ import annotations

import random
import re
import tarfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ml.types import CommentInput, DataError, Example

CAR_GROUPS = ("rec.autos", "rec.motorcycles")
OTHER_PREFIXES = ("sci.", "talk.", "comp.", "rec.sport.", "misc.forsale", "soc.religion.christian")
_QUOTE_RE = re.compile(r"^\s*(>|\||\}|: |[A-Za-z]{1,3}>)")
_ATTRIBUTION_RE = re.compile(r"(?i)^in article|(writes|wrote|says):\s*$")
_RULE_RE = re.compile(r"^(--\s*|_{3,}|={3,})$")
MIN_WORDS, MAX_WORDS = 8, 1000
# Caps checked from the archive's headers (or the folder's file sizes) before any byte is read, so a
# small .tar.gz that unpacks to gigabytes is refused at once. 20 Newsgroups: ~19,000 posts, the
# largest ~75 KB, ~45 MB in all.
MAX_MEMBER_BYTES = 2 * 1024 * 1024
MAX_MEMBERS = 50_000
MAX_TOTAL_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Post:
    group: str
    number: int
    subject: str
    body: str


def load_newsgroups(path: Path, seed: int = 0) -> list[Example]:
    """Drift pairs from a 20 Newsgroups folder or archive; deterministic for a given seed."""
    posts = [post for post in _read_posts(path) if MIN_WORDS <= len(post.body.split()) <= MAX_WORDS]
    threads = defaultdict(list)
    for post in posts:
        if post.group == "rec.autos":
            threads[_thread_key(post.subject)].append(post)
    threads = {key: sorted(ps, key=lambda p: p.number) for key, ps in threads.items() if len(ps) >= 2}
    if not threads:
        raise DataError(f"{path}: no rec.autos threads found; is this 20 Newsgroups?")
    rng = random.Random(seed)
    same = [p for p in posts if p.group in CAR_GROUPS]
    other = [p for p in posts if p.group.startswith(OTHER_PREFIXES)]
    examples: list[Example] = []
    for key in sorted(threads):
        examples += _thread_examples(key, threads[key], same, other, rng)
    return examples


def _thread_examples(key: str, thread: list[Post], same: list[Post], other: list[Post], rng) -> list[Example]:
    article = next((p for p in thread if not p.subject.lower().startswith("re:")), thread[0])
    title = re.sub(r"(?i)^re:\s*", "", article.subject).strip()
    article_lines = {line.strip() for line in article.body.splitlines() if line.strip()}
    examples = []
    for reply in (p for p in thread if p is not article):
        body = "\n".join(
            line for line in reply.body.splitlines() if line.strip() not in article_lines
        ).strip()
        if len(body.split()) >= MIN_WORDS:
            examples.append(Example(CommentInput(title, article.body, body), "ham", key, "20ng", "on_topic"))
    for index in range(len(examples)):
        pool, kind = (same, "drift_same_domain") if index % 2 == 0 else (other, "drift_other_domain")
        drift = rng.choice([p for p in pool[:5000] if _thread_key(p.subject) != key] or pool)
        examples.append(
            Example(CommentInput(title, article.body, drift.body), "off_topic", key, "20ng", kind)
        )
    return examples


def _thread_key(subject: str) -> str:
    return " ".join(re.sub(r"(?i)^(re:\s*)+", "", subject).lower().split())


def _read_posts(path: Path) -> Iterator[Post]:
    for name, raw in _raw_files(path):
        parts = name.strip("/").split("/")
        if len(parts) < 2 or not parts[-1].isdigit():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        header, _, body = text.partition("\n\n")
        subject = next((line[8:].strip() for line in header.splitlines() if line.startswith("Subject:")), "")
        yield Post(parts[-2], int(parts[-1]), subject, clean_body(body))


def _raw_files(path: Path) -> Iterator[tuple[str, bytes]]:
    if path.is_dir():
        budget = _ArchiveBudget(path)
        for file in sorted(path.rglob("*")):
            if file.is_file():
                name = file.relative_to(path).as_posix()
                budget.admit(name, file.stat().st_size)
                yield name, file.read_bytes()
        return
    try:
        with tarfile.open(path, "r:*") as archive:
            budget = _ArchiveBudget(path)
            for member in archive:
                if member.isfile():
                    budget.admit(member.name, member.size)
                    yield member.name, archive.extractfile(member).read()
    except (tarfile.TarError, EOFError, OSError) as error:
        raise DataError(f"{path}: not a readable archive ({error})") from None


class _ArchiveBudget:
    """Counts members and bytes against the caps; refuses the first member that would break one."""

    def __init__(self, path: Path) -> None:
        self.path, self.members, self.total = path, 0, 0

    def admit(self, name: str, size: int) -> None:
        self.members += 1
        self.total += size
        if size > MAX_MEMBER_BYTES:
            limit = f"{MAX_MEMBER_BYTES:,}"
            raise DataError(f"{self.path}: {name} is {size:,} bytes; one file may have at most {limit}")
        if self.members > MAX_MEMBERS:
            raise DataError(f"{self.path}: more than {MAX_MEMBERS:,} files; not 20 Newsgroups")
        if self.total > MAX_TOTAL_BYTES:
            raise DataError(f"{self.path}: more than {MAX_TOTAL_BYTES:,} bytes unpacked; not 20 Newsgroups")


def clean_body(body: str) -> str:
    """Drop quoted lines, attributions and the signature, as the shared drift set does."""
    lines = body.splitlines()
    tail_start = max(len(lines) - 15, 0)
    for index in range(len(lines) - 1, tail_start - 1, -1):
        if _RULE_RE.match(lines[index].strip()):
            lines = lines[:index]
            break
    kept = [line for line in lines if not _QUOTE_RE.match(line) and not _ATTRIBUTION_RE.search(line.strip())]
    return "\n".join(kept).strip()
