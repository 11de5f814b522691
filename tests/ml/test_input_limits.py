"""Hostile input files: archive caps checked before reading, one clear line for binary or empty files."""
import gzip
import io
import tarfile
import tracemalloc

import pytest

from ml import newsgroups
from ml.cli import main
from ml.loaders import load_paths
from ml.types import DataError


class Zeros(io.RawIOBase):
    """`size` zero bytes without ever holding them: the body of a tar bomb."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.left)
        buffer[:count] = bytes(count)
        self.left -= count
        return count


def tar_gz(path, members: list[tuple[str, int]]):
    """A .tar.gz whose members are streams of zeros; a gigabyte compresses to about a megabyte."""
    with gzip.open(path, "wb", compresslevel=1) as raw, tarfile.open(fileobj=raw, mode="w") as archive:
        for name, size in members:
            info = tarfile.TarInfo(name)
            info.size = size
            archive.addfile(info, io.BufferedReader(Zeros(size)))
    return path


def test_an_archive_holding_one_huge_file_is_refused_before_reading_it(tmp_path, monkeypatch):
    monkeypatch.setattr(newsgroups, "MAX_MEMBER_BYTES", 1024 * 1024)
    bomb = tar_gz(tmp_path / "bomb.tar.gz", [("20news/rec.autos/1", 64 * 1024 * 1024)])
    tracemalloc.start()
    with pytest.raises(DataError, match="rec.autos/1 is 67,108,864 bytes"):
        newsgroups.load_newsgroups(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert peak < 8 * 1024 * 1024


def test_an_archive_with_too_many_members_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(newsgroups, "MAX_MEMBERS", 5)
    archive = tar_gz(tmp_path / "many.tar.gz", [(f"20news/rec.autos/{i}", 10) for i in range(6)])

    with pytest.raises(DataError, match="more than 5 files"):
        newsgroups.load_newsgroups(archive)


def test_an_archive_too_big_in_total_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(newsgroups, "MAX_TOTAL_BYTES", 1000)
    archive = tar_gz(tmp_path / "big.tar.gz", [(f"20news/rec.autos/{i}", 400) for i in range(3)])

    with pytest.raises(DataError, match="more than 1,000 bytes unpacked"):
        newsgroups.load_newsgroups(archive)


def test_a_folder_with_a_huge_file_is_refused_before_reading_it(tmp_path, monkeypatch):
    monkeypatch.setattr(newsgroups, "MAX_MEMBER_BYTES", 100)
    group = tmp_path / "20news" / "rec.autos"
    group.mkdir(parents=True)
    (group / "1").write_bytes(b"x" * 101)

    with pytest.raises(DataError, match="at most 100"):
        newsgroups.load_newsgroups(tmp_path / "20news")


def test_a_truncated_archive_is_a_clear_error(tmp_path):
    whole = tar_gz(tmp_path / "whole.tar.gz", [("20news/rec.autos/1", 5000)]).read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(whole[: len(whole) // 2])

    with pytest.raises(DataError, match="not a readable archive"):
        newsgroups.load_newsgroups(cut)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_binary_input_is_one_clear_line_and_a_non_zero_exit(tmp_path, capsys, suffix):
    path = tmp_path / f"data{suffix}"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))

    code = main(["train", "--data", str(path), "--out", str(tmp_path / "model")])

    err = capsys.readouterr().err
    assert code != 0
    assert err.strip() == f"error: {path}: this is a binary file; expected UTF-8 text"


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_input_is_one_clear_line_and_a_non_zero_exit(tmp_path, capsys, content):
    path = tmp_path / "data.jsonl"
    path.write_bytes(content)

    code = main(["train", "--data", str(path), "--out", str(tmp_path / "model")])

    assert code != 0
    assert capsys.readouterr().err.strip() == f"error: {path}: the file is empty"


def test_latin1_text_deep_in_a_file_names_the_file(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_bytes(b'{"body": "fine", "label": "ham"}\n' * 2000 + b'{"body": "caf\xe9", "label": "ham"}\n')

    with pytest.raises(DataError, match="not UTF-8 text"):
        load_paths([path])
