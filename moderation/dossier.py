"""Read side of a reader's dossier: everything moderators know about one reader, on one page."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.http import Http404

from blog.models import Comment, ReaderProfile
from moderation.models import ReaderNote, Restriction, Sanction

COMMENTS_PER_PAGE = 30


@dataclass(frozen=True)
class Dossier:
    reader: Any
    profile: ReaderProfile | None
    restriction: Restriction | None
    status_counts: dict[str, int]
    comments: Page
    sanctions: list[Sanction]
    notes: list[ReaderNote]


def dossier_of(user_id: int, page_number: Any = None) -> Dossier:
    """The reader, their standing, their comments (newest first, every status), sanctions and notes."""
    reader = get_user_model().objects.filter(pk=user_id).first()
    if reader is None:
        raise Http404("No such reader.")
    theirs = Comment.objects.filter(author_id=user_id)
    counts = dict(theirs.values("status").annotate(n=Count("pk")).values_list("status", "n"))
    comments = theirs.select_related("article").order_by("-created_at", "-pk")
    return Dossier(
        reader=reader,
        profile=ReaderProfile.objects.filter(user_id=user_id).first(),
        restriction=Restriction.objects.filter(reader_id=user_id).first(),
        status_counts={label: counts.get(value, 0) for value, label in Comment.Status.choices},
        comments=Paginator(comments, COMMENTS_PER_PAGE).get_page(page_number),
        sanctions=list(Sanction.objects.filter(reader_id=user_id).select_related("actor")[:100]),
        notes=list(ReaderNote.objects.filter(reader_id=user_id).select_related("author")[:100]),
    )
