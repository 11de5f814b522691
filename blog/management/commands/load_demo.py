from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.demo import load_demo
from ml.seed import ARTICLES_DIR


class Command(BaseCommand):
    help = "Load or refresh every seed article in ml/seed/articles with its readers and threads. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--seed-dir", type=Path, default=ARTICLES_DIR, help="Seed JSON directory")

    def handle(self, *args, seed_dir: Path, **options):
        if not seed_dir.is_dir():
            raise CommandError(f"No seed directory at {seed_dir}")
        try:
            summary = load_demo(seed_dir)
        except (ValueError, TypeError, KeyError) as exc:
            raise CommandError(f"Seed corpus is invalid: {exc}") from exc
        counts = f"{summary.articles} articles, {summary.comments} comments, {summary.readers} readers"
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {counts}."))
