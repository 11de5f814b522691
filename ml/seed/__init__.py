"""The labelled seed corpus we wrote: automotive articles with threaded, labelled reader comments.

It trains the bootstrap model on a fresh install and doubles as the site's demo content.
One JSON file per article in `articles/`; see `SeedArticle` for the shape.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

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
    """Every seed comment flattened into a training example in its context (article and parent)."""
    from ml.types import CommentInput, Example

    examples = []
    for article in load_seed_articles(directory):
        by_id = article.comment_by_id()
        article_body = f"{article.standfirst}\n\n{article.body}".strip()
        for comment in article.comments:
            parent_body = by_id[comment.parent].body if comment.parent else ""
            context = CommentInput(article.title, article_body, comment.body, parent_body)
            examples.append(Example(context, comment.label, article.slug, "seed", comment.label))
    return examples
