"""Protocols every model backend implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from statement_lens.types import StanceResult, Summary


@runtime_checkable
class Embedder(Protocol):
    """Maps texts to L2-normalised vectors."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return an array of shape ``(len(texts), dim)``, rows L2-normalised."""
        ...


@runtime_checkable
class StanceClassifier(Protocol):
    """Classifies the stance of each text toward its target."""

    name: str

    def classify(self, pairs: Sequence[tuple[str, str]]) -> list[StanceResult]:
        """Return one result per ``(text, target)`` pair, in order."""
        ...


@runtime_checkable
class Summarizer(Protocol):
    """Summarises a text."""

    name: str

    def summarize(self, text: str, *, max_sentences: int = 3) -> Summary:
        """Return a summary of ``text``."""
        ...
