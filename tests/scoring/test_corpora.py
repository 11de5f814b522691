"""Importing labelled corpora: all of a good file, none of a bad one, with an error naming the line."""
import pytest
from django.core.management import CommandError, call_command

from scoring import corpora
from scoring.models import ImportedCorpus, ImportedExample
from tests.scoring.registry_builders import world_jsonl

YOUTUBE_HEADER = "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n"


def test_a_jsonl_corpus_is_imported_with_its_labels_and_counts(db, tmp_path, site_admin):
    corpus = corpora.import_corpus(world_jsonl(tmp_path / "world.jsonl"), "jsonl", site_admin)
    assert corpus.counts == {"ham": 8, "off_topic": 12, "spam": 8}
    assert corpus.examples.count() == 28 and corpus.imported_by == site_admin


def test_a_bad_line_at_the_end_imports_nothing_and_names_the_line(db, tmp_path):
    path = world_jsonl(tmp_path / "world.jsonl")
    with path.open("a") as handle:
        handle.write('{"body": "fine text", "label": "maybe"}\n')
    with pytest.raises(corpora.CorpusRejected, match="world.jsonl:29: label must be one of"):
        corpora.import_corpus(path, "jsonl")
    assert not ImportedCorpus.objects.exists() and not ImportedExample.objects.exists()


def test_a_youtube_csv_with_a_bad_class_imports_nothing(db, tmp_path):
    path = tmp_path / "Youtube01-abc.csv"
    path.write_text(YOUTUBE_HEADER + "a,x,2015,Great song,0\nb,y,2015,Buy followers,2\n", encoding="utf-8")
    with pytest.raises(corpora.CorpusRejected, match="CLASS must be 0 or 1"):
        corpora.import_corpus(path, "youtube")
    assert not ImportedExample.objects.exists()


def test_a_file_that_is_not_text_is_rejected_cleanly(db, tmp_path):
    path = tmp_path / "binary.jsonl"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(corpora.CorpusRejected, match="binary.jsonl"):
        corpora.import_corpus(path, "jsonl")


def test_the_command_imports_a_youtube_csv(db, tmp_path, capsys):
    path = tmp_path / "Youtube01-abc.csv"
    path.write_text(YOUTUBE_HEADER + "a,x,2015,Great song,0\nb,y,2015,Buy followers at spam.example.com,1\n",
                    encoding="utf-8")
    call_command("import_corpus", "--format", "youtube", str(path), verbosity=0)
    assert ImportedCorpus.objects.get().counts == {"ham": 1, "spam": 1}


def test_the_command_reports_a_bad_file_and_imports_nothing(db, tmp_path):
    with pytest.raises(CommandError, match="nothing imported: .*no such file"):
        call_command("import_corpus", "--format", "jsonl", str(tmp_path / "missing.jsonl"), verbosity=0)
    assert not ImportedCorpus.objects.exists()


def test_a_corpus_file_over_the_size_cap_is_refused_before_reading(db, tmp_path, monkeypatch):
    monkeypatch.setattr(corpora, "MAX_CORPUS_BYTES", 1000)
    path = tmp_path / "big.jsonl"
    path.write_text('{"body": "fine words here", "label": "ham"}\n' * 100)

    with pytest.raises(corpora.CorpusRejected, match="corpora are limited to 1,000"):
        corpora.import_corpus(path, "jsonl")
    assert not ImportedCorpus.objects.exists()
