"""Spam and topic-drift scoring of a comment in its context. Pure Python: never imports Django."""

from ml.loaders import load_paths
from ml.model import ModerationModel
from ml.persistence import load_model, save_model
from ml.train import train_model
from ml.types import (
    CommentInput,
    DataError,
    Example,
    ModelError,
    ModelIntegrityError,
    ModelVersionError,
    Score,
)

__all__ = [
    "CommentInput",
    "DataError",
    "Example",
    "ModelError",
    "ModelIntegrityError",
    "ModelVersionError",
    "ModerationModel",
    "Score",
    "load_model",
    "load_paths",
    "save_model",
    "train_model",
    "bootstrap_model",
]


def bootstrap_model() -> ModerationModel:
    """A model trained on the seed corpus shipped in the repository: no download needed."""
    from ml.seed import seed_examples

    return train_model(seed_examples())
