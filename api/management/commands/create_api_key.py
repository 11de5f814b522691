"""Create a key for a site (and the site if new); the key is the last line printed, and shown only once."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from api.keys import ALL_SCOPES, issue_key, site_for


class Command(BaseCommand):
    help = "Create an API key for a site; prints the key as the last line (it is stored only as a hash)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--site", required=True, help="the site's name (created if new)")
        parser.add_argument("--url", required=True, help="the site's front page, e.g. https://blog.example/")
        parser.add_argument(
            "--scopes", default=",".join(ALL_SCOPES), help=f"comma-separated, of: {', '.join(ALL_SCOPES)}"
        )
        parser.add_argument("--note", default="", help="what the key is for, shown in the admin")

    def handle(self, *args, site: str, url: str, scopes: str, note: str, **options) -> None:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise CommandError(f"--url {url!r} is not an http(s) URL") from exc
        wanted = tuple(scope.strip() for scope in scopes.split(",") if scope.strip())
        if not wanted or not set(wanted) <= set(ALL_SCOPES):
            raise CommandError(f"--scopes must be a comma-separated list of: {', '.join(ALL_SCOPES)}")
        row, key = issue_key(site_for(site.strip(), url), wanted, note)
        scopes_text = ", ".join(wanted)
        self.stdout.write(f"Key {row.prefix} for {row.site.name} ({row.site.url}), scopes: {scopes_text}")
        self.stdout.write(key)
