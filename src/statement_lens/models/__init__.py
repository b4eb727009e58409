"""Model Protocols, the backend registry and the built-in backends."""

from statement_lens.models.protocols import Embedder, StanceClassifier, Summarizer
from statement_lens.models.registry import available, create, register

__all__ = ["Embedder", "StanceClassifier", "Summarizer", "available", "create", "register"]
