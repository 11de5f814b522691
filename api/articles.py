"""Articles other sites register, so drift has the article's text as its context."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from blog.models import Article, Site


@dataclass(frozen=True)
class ArticleText:
    url: str
    title: str
    body: str
    external_id: str = ""
    comments_open: bool = True


def register(site: Site, text: ArticleText) -> tuple[Article, bool]:
    """Create or update the site's article (found by external id, else URL); (article, created).

    An article first met through a comment (no text yet) gets its text here and is updated in place,
    so comments already on it stay on it.
    """
    fields = {
        "url": text.url, "title": text.title, "body": text.body, "comments_open": text.comments_open,
        "external_id": text.external_id,
    }
    try:
        with transaction.atomic():
            article = _existing(site, text)
            if article is None:
                return Article.objects.create(site=site, slug=slug_for(site, text.url), standfirst="",
                                              byline=site.name[:120], **fields), True
            for name, value in fields.items():
                setattr(article, name, value)
            article.save(update_fields=list(fields))
            return article, False
    except IntegrityError as exc:
        raise ArticleConflict(
            "Another article of this site already has that URL or external id."
        ) from exc


class ArticleConflict(Exception):
    """The URL and external id name two different articles."""


def find(site: Site, article_id: int | None = None, url: str = "", external_id: str = "") -> Article | None:
    """The site's article by Pitlane id, external id or URL; None when the site has no such article."""
    articles = Article.objects.filter(site=site)
    if article_id is not None:
        return articles.filter(pk=article_id).first()
    if external_id:
        return articles.filter(external_id=external_id).first()
    if url:
        return articles.filter(url=url).first()
    return None


def slug_for(site: Site, url: str) -> str:
    digest = hashlib.sha256(f"{site.pk}\n{url}".encode()).hexdigest()[:12]
    return f"{slugify(site.name)[:60]}-{digest}"


def _existing(site: Site, text: ArticleText) -> Article | None:
    match = Q(url=text.url)
    if text.external_id:
        match |= Q(external_id=text.external_id)
    found = list(Article.objects.select_for_update().filter(match, site=site).order_by("pk")[:2])
    if len(found) > 1:
        raise ArticleConflict("The URL and the external id belong to two different articles of this site.")
    return found[0] if found else None
