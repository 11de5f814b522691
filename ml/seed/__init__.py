"""The labelled seed corpus we wrote: automotive articles with threaded, labelled reader comments.

It trains the bootstrap model on a fresh install and doubles as the site's demo content.
One JSON file per article in `articles/`; see `SeedArticle` for the shape.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ml.discussion import BLOCK_SIZE, SEPARATOR
from ml.text import normalise
from ml.types import CommentInput, Example

ARTICLES_DIR = Path(__file__).parent / "articles"
LABELS = ("ham", "off_topic", "spam")


@dataclass(frozen=True)
class SeedComment:
    id: str
    author: str
    parent: str | None
    minutes_after: int
    label: str
    body: str


@dataclass(frozen=True)
class SeedArticle:
    slug: str
    title: str
    standfirst: str
    byline: str
    published: str
    body: str
    tags: dict[str, list[str]] = field(default_factory=dict)
    comments: tuple[SeedComment, ...] = ()

    def comment_by_id(self) -> dict[str, SeedComment]:
        return {comment.id: comment for comment in self.comments}


def load_seed_articles(directory: Path = ARTICLES_DIR) -> list[SeedArticle]:
    """Every seed article in file-name order, validated so a typo fails loudly, not silently."""
    return [_load_article(path) for path in sorted(directory.glob("*.json"))]


def _load_article(path: Path) -> SeedArticle:
    raw = json.loads(path.read_text(encoding="utf-8"))
    comments = tuple(SeedComment(**{"parent": None, **c}) for c in raw.pop("comments", []))
    article = SeedArticle(**raw, comments=comments)
    ids = article.comment_by_id()
    if len(ids) != len(comments):
        raise ValueError(f"{path.name}: duplicate comment ids")
    for comment in comments:
        if comment.label not in LABELS:
            raise ValueError(f"{path.name}: comment {comment.id} has unknown label {comment.label!r}")
        if comment.parent is not None and comment.parent not in ids:
            raise ValueError(f"{path.name}: comment {comment.id} replies to unknown {comment.parent!r}")
    return article


def seed_examples(directory: Path = ARTICLES_DIR):
    """Every seed comment flattened into a training example in its context (article, reply chain and
    the discussion the site would show beside it)."""
    examples = []
    for article in load_seed_articles(directory):
        by_id = article.comment_by_id()
        article_body = f"{article.standfirst}\n\n{article.body}".strip()
        discussion = _published_discussion(article)
        for comment in article.comments:
            chain = _chain(comment, article, by_id)
            context = CommentInput(article.title, article_body, comment.body, *chain, discussion=discussion)
            examples.append(Example(context, comment.label, article.slug, "seed", comment.label))
    return examples


def _published_discussion(article: SeedArticle) -> str:
    """The article's legitimate comments as one discussion text, as the worker reads a live thread: only
    what readers see in full counts (spam rejected, off-topic folded away), at most one block of them."""
    published = [normalise(c.body) for c in article.comments if c.label == "ham"]
    return SEPARATOR.join(published[:BLOCK_SIZE])


def _root(comment: SeedComment, by_id: dict[str, SeedComment]) -> SeedComment:
    while comment.parent:
        comment = by_id[comment.parent]
    return comment


def _chain(comment: SeedComment, article: SeedArticle, by_id: dict) -> tuple[str, str, tuple[str, ...]]:
    """The parent's and grandparent's text, and the rest of the comment's sub-thread (as the site has it)."""
    parent = by_id.get(comment.parent) if comment.parent else None
    if parent is None:
        return "", "", ()
    grandparent = by_id.get(parent.parent) if parent.parent else None
    root = _root(parent, by_id)
    in_subthread = {other.id for other in article.comments if _root(other, by_id) == root}
    skip = {comment.id, parent.id, grandparent.id if grandparent else None}
    rest = tuple(by_id[i].body for i in sorted(in_subthread - skip) if by_id[i].label == "ham")
    return parent.body, grandparent.body if grandparent else "", rest
