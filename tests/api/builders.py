"""Small builders for the API tests: sites and their keys."""
from __future__ import annotations

from api.keys import ALL_SCOPES, issue_key, site_for
from blog.models import Site


def make_site(name: str = "Hot Hatch Weekly", url: str = "https://hothatch.example/") -> Site:
    return site_for(name, url)


def make_key(site: Site, scopes: tuple[str, ...] = ALL_SCOPES) -> str:
    _, key = issue_key(site, scopes)
    return key
