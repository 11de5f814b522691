"""SHA-256 checks of the files a model is read from: a changed file is refused, never half-trusted."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ml.types import ModelIntegrityError


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified_file(path: Path, expected_sha256: str) -> Path:
    """The path, once its content is known to hash to expected_sha256; else ModelIntegrityError."""
    path = Path(path)
    if not path.is_file():
        raise ModelIntegrityError(f"{path} is missing")
    actual = file_sha256(path)
    if actual != expected_sha256.lower():
        raise ModelIntegrityError(
            f"{path} has SHA-256 {actual}, expected {expected_sha256}: refusing a changed or foreign file"
        )
    return path
