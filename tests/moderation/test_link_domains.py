"""The link allow list: moderators edit it on a small page, every change is kept, the model is told."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from blog.models import Comment
from moderation.models import LinkDomainChange
from moderation.services import domains
from tests.blog.builders import make_comment

URL = reverse("moderation:link_domains")
real_monotonic = time.monotonic


def test_a_moderator_allows_and_disallows_a_domain_and_both_changes_are_kept(client, moderator):
    client.force_login(moderator)

    client.post(URL, {"domain": "https://www.RockAuto.com/en/catalog", "allowed": "1", "note": "parts"})
    assert domains.allowed_domains() == {"rockauto.com"}
    client.post(URL, {"domain": "rockauto.com", "allowed": "0"})

    assert domains.allowed_domains() == frozenset()
    history = list(LinkDomainChange.objects.values_list("domain", "allowed", "actor__username"))
    assert history == [("rockauto.com", False, "mona"), ("rockauto.com", True, "mona")]
    assert "rockauto.com" in client.get(URL).content.decode()


def test_allowing_an_allowed_domain_adds_no_history(moderator):
    domains.set_domain("rockauto.com", True, moderator)
    assert domains.set_domain("www.rockauto.com", True, moderator) is None
    assert LinkDomainChange.objects.count() == 1


def test_a_non_domain_is_refused(moderator):
    with pytest.raises(ValidationError):
        domains.set_domain("not a domain", True, moderator)


def test_a_reader_cannot_edit_the_list(client, bob):
    client.force_login(bob)
    assert client.post(URL, {"domain": "spam.example", "allowed": "1"}).status_code == 403
    assert not LinkDomainChange.objects.exists()


def test_the_model_is_told_the_allow_list_and_the_published_comments_domains(article, alice, moderator):
    domains.set_domain("fcpeuro.com", True, moderator)
    make_comment(article, alice, "Photos of the leak: https://i.imgur.com/abc.jpg")
    make_comment(article, alice, "Buy at http://held-spam.example.net", status=Comment.Status.HELD)

    known = domains.site_domains()

    assert {"fcpeuro.com", "i.imgur.com"} <= known
    assert "held-spam.example.net" not in known


def test_an_allow_list_change_counts_at_once_while_learned_domains_are_kept_a_minute(
    article, alice, moderator, monkeypatch
):
    assert "ecstuning.com" not in domains.site_domains()  # this process now keeps the learned set
    make_comment(article, alice, "Mine came from https://ecstuning.com/b5-s4/")

    assert "ecstuning.com" not in domains.site_domains()  # published a moment ago: not learned yet
    domains.set_domain("ecstuning.com", True, moderator)
    assert "ecstuning.com" in domains.site_domains()  # the moderator's word counts on the next comment
    domains.set_domain("fcpeuro.com", True, moderator)
    domains.set_domain("fcpeuro.com", False, moderator)
    assert "fcpeuro.com" not in domains.site_domains()

    domains.set_domain("ecstuning.com", False, moderator)
    monkeypatch.setattr(time, "monotonic", lambda: real_monotonic() + domains.LEARNED_TTL)
    assert "ecstuning.com" in domains.site_domains()  # a minute on, learned from the published comment
