"""The stage runner: times each stage, reports progress, and isolates model failures.

Only a :class:`~statement_lens.errors.ModelError` — raised by :func:`call_model` around a model call, or
by a stage whose model did not load — is recorded as the stage's failure, so the other stages still run.
Anything else is a bug in our own code and propagates: a ``KeyError`` in a frame builder must not reach the
user disguised as "topics (model) failed".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from statement_lens.errors import ModelError
from statement_lens.pipeline.schema import Progress

T = TypeVar("T")


def no_progress(stage: str, fraction: float, message: str) -> None:
    """The default progress callback: reports nothing."""


def call_model(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a model (``fn(*args, **kwargs)``); any failure inside it becomes a :class:`ModelError`.

    A backend may fail in any way (a checkpoint's shape, ONNX Runtime, tokenizers, out of memory); the
    runner puts the stage and the model's registered name in front of the message.
    """
    try:
        return fn(*args, **kwargs)
    except ModelError:
        raise
    except Exception as exc:  # the model boundary: whatever a backend raises is that model's failure
        raise ModelError(f"{type(exc).__name__}: {exc}") from exc


def require(obj: T | None, what: str, reason: object) -> T:
    """``obj`` if it loaded; otherwise a :class:`ModelError` that says which model and why."""
    if obj is None:
        raise ModelError(f"{what} did not load: {reason}")
    return obj


class Stages:
    """Runs named stages in order, timing each and recording the failures of model stages."""

    def __init__(self, progress: Progress, n: int) -> None:
        self.progress = progress
        self.n = n
        self.i = 0
        self.timings: dict[str, float] = {}
        self.errors: list[str] = []

    def step(self, stage: str, message: str, fn: Callable[[], T]) -> T:
        """Run a stage without a model: its result, or its exception."""
        self.progress(stage, self.i / self.n, message)
        t0 = time.perf_counter()
        try:
            return fn()
        finally:
            self._done(stage, message, t0)

    def run(self, stage: str, message: str, fn: Callable[[], T], *, model: str) -> T | None:
        """Run a model stage: a :class:`ModelError` is recorded against ``model`` and ``None`` returned."""
        self.progress(stage, self.i / self.n, message)
        t0 = time.perf_counter()
        try:
            return fn()
        except ModelError as exc:
            self.errors.append(f"{stage} ({model}): {exc}")
            return None
        finally:
            self._done(stage, message, t0)

    def within(self, stage: str, message: str) -> Callable[[int, int], None]:
        """A ``report(done, total)`` for progress inside the running stage (long statements)."""

        def report(done: int, total: int) -> None:
            part = done / total if total else 1.0
            self.progress(stage, (self.i + part) / self.n, f"{message}: {done:,} of {total:,}")

        return report

    def _done(self, stage: str, message: str, t0: float) -> None:
        self.timings[stage] = time.perf_counter() - t0
        self.i += 1
        self.progress(stage, self.i / self.n, f"{message} done")
