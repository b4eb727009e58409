"""Stance of texts toward targets: ``classify_stance(pairs) -> list[StanceResult]``.

The backend is chosen by name through the model registry (``Settings.stance`` by default), or
passed as an object implementing :class:`~statement_lens.models.protocols.StanceClassifier`.
Backends built by name are cached per (name, settings, embedder) in the process's one model cache
(:mod:`statement_lens.models.cache`), so repeated calls reuse one loaded model. Every result below
``Settings.review_threshold`` confidence is marked ``needs_review``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from statement_lens.config import Settings, load_settings
from statement_lens.errors import ModelError
from statement_lens.models.cache import cached, identity
from statement_lens.models.protocols import StanceClassifier
from statement_lens.models.registry import create, resolve_name
from statement_lens.stance.heuristic import validate_pairs
from statement_lens.types import StanceResult


def get_stance_backend(
    name: str | None = None, *, settings: Settings | None = None, embedder: Any = None
) -> StanceClassifier:
    """Return the (cached) stance backend registered as ``name`` (default: ``settings.stance``)."""
    settings = settings or load_settings()
    canonical = resolve_name("stance", name or settings.stance)

    def build() -> StanceClassifier:
        backend = create("stance", canonical, settings=settings, embedder=embedder)
        if not isinstance(backend, StanceClassifier):
            raise ModelError(
                f"Stance backend {canonical!r} has no classify(pairs) method; it cannot be used."
            )
        return backend

    return cached(("stance", canonical, settings, identity(embedder)), build)


def classify_stance(
    pairs: Sequence[tuple[str, str]],
    *,
    backend: str | StanceClassifier | None = None,
    settings: Settings | None = None,
    embedder: Any = None,
) -> list[StanceResult]:
    """Classify the stance of each ``(text, target)`` pair as favor, against or none.

    Args:
        pairs: ``(text, target)`` tuples; both must be non-blank strings.
        backend: a registered backend name (``"stance.lens.v1"``, ``"heuristic"``, ``"nli"``...), an
            object with ``classify(pairs)``, or None for ``settings.stance``.
        settings: settings to use (default: :func:`~statement_lens.config.load_settings`).
        embedder: an embedder to share with the backend (default: the backend creates one).

    Returns:
        One :class:`StanceResult` per pair, in order, with ``needs_review`` set when the confidence
        is below ``settings.review_threshold``.

    Raises:
        InputError: a pair is not two non-blank strings.
        ModelNotFoundError: ``backend`` names no registered backend.
        ModelError: the backend returned the wrong number of results.
    """
    checked = validate_pairs(pairs)
    settings = settings or load_settings()
    if not checked:
        return []
    if backend is None or isinstance(backend, str):
        model = get_stance_backend(backend, settings=settings, embedder=embedder)
    else:
        model = backend
    results = model.classify(checked)
    if len(results) != len(checked):
        raise ModelError(
            f"Stance backend {getattr(model, 'name', model)!r} returned {len(results)} results for "
            f"{len(checked)} pairs; a backend must return one result per pair."
        )
    threshold = settings.review_threshold
    return [replace(r, needs_review=r.confidence < threshold) for r in results]
