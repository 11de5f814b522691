"""Hostile bodies against the posting, reporting and moderation endpoints.

Whatever arrives: never a 500, never a half-saved row, never reader text rendered as markup that runs.
Each example checks row counts before and after, so one test's database carries many examples.
"""
from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog.models import Comment, Report
from moderation.models import AuditEntry
from tests.blog.builders import make_comment
from tests.moderation.builders import make_held, make_moderator

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(document.cookie)",
    "http://example.com/\"><script>alert(1)</script>",
    "www.example.com/'onmouseover='alert(1)",
    "https://example.com/<img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "{{ request.user }}{% debug %}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]
ODD_TEXT = [
    "\u202eevil.exe\u202c txt",  # right-to-left override
    "\u200f\u202bRTL embed\u202c",
    "nul\x00byte",
    "\x00",
    "x" * 5001,
    "y" * 1_000_000,
    " \n\t ",
    "\ufeffbom",
    "\U0001f697" * 50,
    "line\r\nbreak\rold mac",
]
FORGED_FIELDS = ["status", "author", "author_id", "article", "depth", "root", "ip_address", "seed_label",
                 "collapsed"]
FORGED_VALUES = ["published", "1", "2", "999", "true", "<script>"]
bodies = st.one_of(st.sampled_from(XSS + ODD_TEXT), st.text(max_size=300),
                   st.lists(st.sampled_from(XSS + ["plain words "]), max_size=5).map("".join))
ids = st.one_of(st.none(), st.integers(min_value=-(2**63), max_value=2**63), st.sampled_from(
    ["", "abc", "1e3", "0x10", "\x00", "-1", "9" * 40, "1; DROP TABLE blog_comment"]))


class ExecutableMarkup(HTMLParser):
    """Collects what a browser would run: script tags, on* handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "script":
            self.found.append("<script>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}=")
            if name in {"href", "src", "action", "formaction"} and _is_script_url(value or ""):
                self.found.append(f"{name}={value}")


def _is_script_url(value: str) -> bool:
    return "".join(value.split()).lower().startswith(("javascript:", "vbscript:", "data:"))


def executable_markup(html: str) -> list[str]:
    parser = ExecutableMarkup()
    parser.feed(html)
    return parser.found


@pytest.fixture
def world(alice, bob, article, other_article):
    """Alice posts; bob's comments give her something to reply to, here and under another article."""
    top = make_comment(article, bob, "Top comment")
    chain = [top]
    for depth in range(12):  # a reply chain deeper than the display limit
        chain.append(make_comment(article, bob, f"Depth {depth + 1}", parent=chain[-1]))
    return {
        "chain": chain,
        "elsewhere": make_comment(other_article, bob, "Under another story"),
        "hidden": make_comment(article, bob, "Bob's pending", status=Comment.Status.PENDING),
    }


@pytest.fixture
def alice_client(alice) -> Client:
    client = Client(REMOTE_ADDR="203.0.113.10")
    client.force_login(alice)
    return client


def baseline_markup(client: Client, article) -> list[str]:
    return executable_markup(client.get(article.get_absolute_url()).content.decode())


@FUZZ
@given(body=bodies, parent=ids, parent_pick=st.sampled_from(["given", "chain", "elsewhere", "hidden"]),
       forged=st.dictionaries(st.sampled_from(FORGED_FIELDS), st.sampled_from(FORGED_VALUES), max_size=4))
def test_posting_any_body_never_errors_or_half_saves(alice_client, alice, article, world, body, parent,
                                                      parent_pick, forged):
    cache.clear()
    parent = {"given": parent, "chain": world["chain"][-1].pk, "elsewhere": world["elsewhere"].pk,
              "hidden": world["hidden"].pk}[parent_pick]
    data = {**forged, "body": body, **({} if parent is None else {"parent": parent})}
    before = set(Comment.objects.values_list("pk", flat=True))

    response = alice_client.post(reverse("blog:post_comment", args=[article.slug]), data)

    created = Comment.objects.exclude(pk__in=before)
    assert response.status_code in {302, 400}, response.status_code
    assert created.count() == (1 if response.status_code == 302 else 0)
    for comment in created:
        assert (comment.author_id, comment.article_id, comment.status) == (alice.pk, article.pk, "pending")
        assert comment.parent_id in {None, *(c.pk for c in world["chain"])}
        assert comment.depth == (comment.parent.depth + 1 if comment.parent else 0)
    assert executable_markup(response.content.decode()) == []


@FUZZ
@given(body=st.sampled_from(XSS + ODD_TEXT[:3] + ODD_TEXT[7:]))
def test_hostile_text_that_is_saved_is_rendered_inert(alice_client, article, body):
    cache.clear()
    baseline = baseline_markup(alice_client, article)

    alice_client.post(reverse("blog:post_comment", args=[article.slug]), {"body": body})

    page = alice_client.get(article.get_absolute_url()).content.decode()
    assert executable_markup(page) == baseline
    assert "<script>alert" not in page.lower()


@FUZZ
@given(raw=st.one_of(st.binary(max_size=400), st.sampled_from([
    b"body=\xff\xfe\xfd&parent=1", b"body=%FF%FE%00", b"body=ok\xc3\x28", b"body=\xed\xa0\x80surrogate",
    b"body=%00%00&parent=%00", b"&&&==&body", b"body=" + b"%41" * 300_000,
])), content_type=st.sampled_from(["application/x-www-form-urlencoded",
                                   "multipart/form-data; boundary=xyz", "text/plain"]))
def test_raw_undecodable_post_bodies_are_refused_cleanly(alice_client, article, raw, content_type):
    cache.clear()
    before = Comment.objects.count()

    response = alice_client.generic("POST", reverse("blog:post_comment", args=[article.slug]), raw,
                                    content_type=content_type)

    assert response.status_code in {302, 400}
    assert Comment.objects.count() - before == (1 if response.status_code == 302 else 0)
    for comment in Comment.objects.order_by("-pk")[: Comment.objects.count() - before]:
        assert "\x00" not in comment.body


@FUZZ
@given(reason=st.one_of(st.sampled_from(["spam", "off_topic", "other"]), st.text(max_size=30)),
       note=st.one_of(st.text(max_size=600), st.sampled_from(XSS + ODD_TEXT)),
       target=st.sampled_from(["published", "hidden", "missing"]))
def test_reporting_any_body_never_errors_or_half_saves(alice_client, world, reason, note, target):
    cache.clear()
    pk = {"published": world["chain"][3].pk, "hidden": world["hidden"].pk, "missing": 10**9}[target]
    before = Report.objects.count()

    response = alice_client.post(reverse("blog:report_comment", args=[pk]), {"reason": reason, "note": note})

    assert response.status_code in {302, 400, 404}
    assert Report.objects.count() - before in {0, 1}
    assert executable_markup(response.content.decode()) == []


@FUZZ
@given(action=st.one_of(st.sampled_from(["approve", "reject", "spam"]), st.text(max_size=20)),
       reason=st.one_of(st.sampled_from(["", "spam", "off_topic", "abusive"]), st.text(max_size=20)),
       note=st.one_of(st.text(max_size=600), st.sampled_from(XSS + ODD_TEXT[:4])),
       expected=st.one_of(st.sampled_from(["", "held", "pending", "published"]), st.text(max_size=10)),
       ids_=st.lists(ids, max_size=5), bulk=st.booleans())
def test_moderation_actions_with_any_body_never_error_or_half_save(
    client, moderator_in_world, action, reason, note, expected, ids_, bulk
):
    moderator, held = moderator_in_world
    client.force_login(moderator)
    statuses_before = dict(Comment.objects.values_list("pk", "status"))
    audits_before = AuditEntry.objects.count()
    data = {"action": action, "reason": reason, "note": note, "expected": expected,
            "ids": [str(i) for i in ids_ if i is not None] + [str(held.pk)], "next": "javascript:alert(1)"}

    url = reverse("moderation:bulk") if bulk else reverse("moderation:act", args=[held.pk])
    response = client.post(url, data)

    assert response.status_code == 302
    assert not response["Location"].lower().startswith("javascript:")
    statuses_after = Comment.objects.values_list("pk", "status")
    changed = {pk for pk, status in statuses_after if statuses_before[pk] != status}
    # Every status change leaves an audit row, in the same transaction.
    assert AuditEntry.objects.count() - audits_before >= len(changed)


@pytest.fixture
def moderator_in_world(article, bob, db):
    return make_moderator("mona"), make_held(article, bob, "Buy cheap parts at www.spam.example")


@FUZZ
@given(action=st.sampled_from(["approve", "reject", "spam"]), bulk=st.booleans())
def test_readers_cannot_moderate_whatever_they_post(alice_client, moderator_in_world, action, bulk):
    _, held = moderator_in_world
    url = reverse("moderation:bulk") if bulk else reverse("moderation:act", args=[held.pk])

    response = alice_client.post(url, {"action": action, "reason": "spam", "ids": [held.pk]})

    held.refresh_from_db()
    assert response.status_code == 403
    assert held.status == Comment.Status.HELD
