"""Loaded models for one :class:`Settings`: built once, shared by every analysis.

A model that fails to load does not stop the others: its error is kept in ``failures`` and the
analysis reports the stage it could not run.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from statement_lens.config import Settings
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


def load_services(settings: Settings | None = None) -> Services:
    """Load every model named by ``settings`` (each failure recorded, not raised)."""
    from statement_lens.topics import load_taxonomy

    settings = settings or Settings()
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
    return s
