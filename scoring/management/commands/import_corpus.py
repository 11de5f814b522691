"""Import a labelled corpus for retraining: the whole file is checked first, so a bad one imports nothing."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from scoring import corpora
from scoring.models import ImportedCorpus


class Command(BaseCommand):
    help = "Import labelled comments (our JSONL, YouTube Spam Collection CSV, 20 Newsgroups) for retraining."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--format", required=True, choices=ImportedCorpus.Format.values)
        parser.add_argument("--name", default="", help="shown on the models page (default: the file name)")
        parser.add_argument("path")

    def handle(self, *args, format: str, name: str, path: str, **options) -> None:
        with tqdm(desc="importing", unit=" examples", disable=options["verbosity"] == 0) as bar:
            try:
                corpus = corpora.import_corpus(path, format, name=name, progress=bar.update)
            except corpora.CorpusRejected as error:
                raise CommandError(f"nothing imported: {error}") from None
        self.stdout.write(f"imported corpus #{corpus.pk} {corpus.name}: {corpus.counts}")
