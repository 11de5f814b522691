"""Demo content: the seed corpus as articles, readers and threads, plus demo staff accounts.

Every write is keyed on something stable (article slug, reader handle, "<slug>/<comment id>"), so
loading twice changes nothing and editing a seed file updates the site in place.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from blog.models import Article, Comment, ReaderProfile, Tag
from ml.seed import ARTICLES_DIR, SeedArticle, SeedComment, load_seed_articles
from moderation.models import MODERATORS_GROUP


@dataclass(frozen=True)
class DemoSummary:
    articles: int
    comments: int
    readers: int


# The status a demo comment starts in, by its seed label: the demo reads as a moderated site, with
# its spam already rejected as spam and its off-topic comments waiting in the moderators' queue.
DEMO_STATUS = {
    Comment.Label.HAM: Comment.Status.PUBLISHED,
    Comment.Label.OFF_TOPIC: Comment.Status.HELD,
    Comment.Label.SPAM: Comment.Status.SPAM,
}


def demo_status(label: str) -> str:
    """The status a demo comment starts in: what its label implies a moderator would have decided."""
    return DEMO_STATUS[label]


def load_demo(directory: Path = ARTICLES_DIR) -> DemoSummary:
    """Create or update every seed article with its tags, readers and comment threads."""
    seeds = load_seed_articles(directory)
    readers: dict[str, object] = {}
    comments = 0
    with transaction.atomic():
        for seed in seeds:
            article = _upsert_article(seed)
            for handle in {c.author for c in seed.comments} - readers.keys():
                readers[handle] = _reader(handle)
            comments += _upsert_thread(article, seed, readers)
    return DemoSummary(articles=len(seeds), comments=comments, readers=len(readers))


def _upsert_article(seed: SeedArticle) -> Article:
    fields = {
        "title": seed.title,
        "standfirst": seed.standfirst,
        "body": seed.body,
        "byline": seed.byline,
        "published_at": datetime.fromisoformat(seed.published),
    }
    article, _ = Article.objects.update_or_create(slug=seed.slug, defaults=fields)
    article.tags.set([_tag(kind, name) for kind, names in seed.tags.items() for name in names])
    return article


def _tag(kind: str, name: str) -> Tag:
    if kind not in Tag.Kind.values:
        raise ValueError(f"Unknown tag kind {kind!r} (expected one of {', '.join(Tag.Kind.values)})")
    tag, _ = Tag.objects.update_or_create(kind=kind, slug=slugify(name), defaults={"name": name})
    return tag


def _reader(handle: str):
    """A demo reader who cannot log in; created once, never touched again."""
    user, created = get_user_model().objects.get_or_create(username=handle)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    ReaderProfile.objects.get_or_create(user=user)
    return user


def _upsert_thread(article: Article, seed: SeedArticle, readers: dict) -> int:
    """Parents before replies, whatever order the file lists them in."""
    saved: dict[str, Comment] = {}
    by_id = seed.comment_by_id()
    for seed_comment in seed.comments:
        _upsert_comment(article, seed_comment, by_id, saved, readers)
    return len(saved)


def _upsert_comment(article, seed_comment: SeedComment, by_id, saved: dict, readers: dict) -> Comment:
    if seed_comment.id in saved:
        return saved[seed_comment.id]
    parent = None
    if seed_comment.parent is not None:
        parent = _upsert_comment(article, by_id[seed_comment.parent], by_id, saved, readers)
    fields = _comment_fields(article, seed_comment, parent, readers[seed_comment.author])
    # Status only on creation: re-loading must not undo what moderators decided since.
    status = demo_status(seed_comment.label)
    comment, _ = Comment.objects.update_or_create(
        seed_key=f"{article.slug}/{seed_comment.id}",
        defaults=fields,
        create_defaults={**fields, "status": status, "status_changed_at": fields["created_at"]},
    )
    if parent is None and comment.root_id != comment.pk:
        Comment.objects.filter(pk=comment.pk).update(root=comment)
        comment.root_id = comment.pk
    saved[seed_comment.id] = comment
    return comment


def _comment_fields(article: Article, seed_comment: SeedComment, parent: Comment | None, author) -> dict:
    fields = {
        "article": article,
        "author": author,
        "body": seed_comment.body,
        "parent": parent,
        "depth": parent.depth + 1 if parent else 0,
        "created_at": article.published_at + timedelta(minutes=seed_comment.minutes_after),
        "seed_label": seed_comment.label,
    }
    if parent is not None:
        fields["root_id"] = parent.root_id
    return fields


@dataclass(frozen=True)
class StaffAccount:
    username: str
    password: str
    role: str


def ensure_demo_staff(moderator_password: str, admin_password: str) -> list[StaffAccount]:
    """The `moderators` group, a `moderator` in it and a superuser `admin`, with the given passwords."""
    with transaction.atomic():
        group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
        moderator = _staff_user("moderator", moderator_password, superuser=False)
        moderator.groups.add(group)
        admin = _staff_user("admin", admin_password, superuser=True)
        for user in (moderator, admin):
            ReaderProfile.objects.get_or_create(user=user, defaults={"trusted": True})
    return [
        StaffAccount("moderator", moderator_password, "moderator (group 'moderators')"),
        StaffAccount("admin", admin_password, "superuser"),
    ]


def _staff_user(username: str, password: str, superuser: bool):
    email = f"{username}@pitlane.local"
    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"email": email})
    changed = user.is_staff != superuser or user.is_superuser != superuser
    user.is_staff = user.is_superuser = superuser
    if not user.check_password(password):
        user.set_password(password)
        changed = True
    if changed:
        user.save()
    return user
