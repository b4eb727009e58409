"""Loaded models for one :class:`Settings`: built once, shared by every analysis.

A model that fails to load does not stop the others: its error is kept in ``failures`` and the
analysis reports the stage it could not run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from statement_lens.config import Settings, load_settings
from statement_lens.models import registry


@dataclass
class Services:
    """The embedder, stance classifier, summariser and taxonomy for one configuration."""

    settings: Settings
    embedder: Any = None
    stance: Any = None
    summarizer: Any = None
    taxonomy: Any = None
    failures: dict[str, str] = field(default_factory=dict)
    load_seconds: dict[str, float] = field(default_factory=dict)
    warm_up_errors: dict[str, str] = field(default_factory=dict)

    def model_info(self) -> dict[str, dict[str, Any]]:
        """Name, checkpoint and revision of each model (for provenance)."""
        out: dict[str, dict[str, Any]] = {}
        for task, obj, name in (
            ("embedder", self.embedder, self.settings.embedder),
            ("stance", self.stance, self.settings.stance),
            ("summarizer", self.summarizer, self.settings.summarizer),
        ):
            out[task] = {
                "name": getattr(obj, "name", name),
                "checkpoint": getattr(obj, "checkpoint", None),
                "revision": getattr(obj, "revision", None),
                "loaded": obj is not None,
                "error": self.failures.get(task),
            }
        out["taxonomy"] = {"name": getattr(self.taxonomy, "name", self.settings.taxonomy)}
        return out


def _timed(services: Services, task: str, fn: Any) -> Any:
    t0 = time.perf_counter()
    try:
        return fn()
    except Exception as exc:  # a backend may fail in any way; keep going and report which one
        services.failures[task] = f"{type(exc).__name__}: {exc}"
        return None
    finally:
        services.load_seconds[task] = time.perf_counter() - t0


def load_services(settings: Settings | None = None, *, warm: bool = True) -> Services:
    """Load every model named by ``settings`` (each failure recorded, not raised).

    With ``warm`` (the default) the lazily loaded helpers are loaded too (see :func:`warm_up`).
    """
    from statement_lens.topics import load_taxonomy

    settings = settings or load_settings()
    s = Services(settings=settings)
    s.embedder = _timed(
        s, "embedder", lambda: registry.create("embedder", settings.embedder, settings=settings)
    )
    s.taxonomy = _timed(s, "taxonomy", lambda: load_taxonomy(settings.taxonomy))
    s.stance = _timed(
        s,
        "stance",
        lambda: registry.create("stance", settings.stance, settings=settings, embedder=s.embedder),
    )
    s.summarizer = _timed(
        s,
        "summarizer",
        lambda: registry.create("summarizer", settings.summarizer, settings=settings, embedder=s.embedder),
    )
    if warm:
        t0 = time.perf_counter()
        warm_up(s)
        s.load_seconds["warm-up"] = time.perf_counter() - t0
    return s


def warm_up(services: Services) -> None:
    """Load what the first analysis would otherwise load lazily, so it runs at full speed.

    The shared spaCy pipeline (speakers, targets), the Punkt sentence model, and the taxonomy's
    prototype vectors under the loaded encoder (read from the shipped file for built-in taxonomies).
    A failure here is kept in ``warm_up_errors`` only: the stage that needs the model meets the same
    error and reports it in the analysis, where the user sees it.
    """
    from statement_lens.text.nlp import load_spacy
    from statement_lens.text.segment import split_sentences
    from statement_lens.topics import prototypes_for

    steps: list[tuple[str, Any]] = [
        ("punkt", lambda: split_sentences("Warm up. The sentence model loads here.")),
        ("spacy", load_spacy),
    ]
    if services.embedder is not None and services.taxonomy is not None:
        steps.append(("taxonomy prototypes", lambda: prototypes_for(services.taxonomy, services.embedder)))
    for name, step in steps:
        try:
            step()
        except Exception as exc:  # reported again, with its stage, by the analysis that needs it
            services.warm_up_errors[name] = f"{type(exc).__name__}: {exc}"
