"""The naive baseline of ``benchmarks/speed.py``: the same models, called the way tutorials call them.

Benchmark-only code. The models are loaded once (like ours), but then:

* the sentence encoder gets **one sentence per call** and remembers nothing: every text is encoded
  again by every stage that needs it (topics, stance gate, summary), with no cache between analyses;
* stance is asked for **one quotation × one target per call** (a speech sentence first passes the
  engine's sentence gate, one pair at a time);
* sentences and quotations are embedded separately for topics, even when a quotation is a sentence.

Segmentation, quotation extraction and target proposal are the same functions as ours (they hold no
model that a tutorial would call differently), so their speed-up is ~1× by construction. The topic
prototypes are embedded once per process, for both pipelines, as part of loading the models: a
tutorial would embed its label set once too, so this keeps the baseline conservative.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from statement_lens.config import Settings
from statement_lens.models.registry import create
from statement_lens.services import Services
from statement_lens.summary import summary_length
from statement_lens.types import Statement

STAGES = ("segmentation", "quotes", "targets", "topics", "stance", "summary")


class NaiveEmbedder:
    """The same loaded encoder, fed one text per call, with its cache cleared before every call."""

    def __init__(self, inner: Any) -> None:
        """Wrap ``inner`` (an embedder with ``embed`` and, ideally, ``clear_cache``)."""
        self._inner = inner
        self.name = getattr(inner, "name", "embedder")
        self.dim = int(getattr(inner, "dim", 384))
        self.checkpoint = getattr(inner, "checkpoint", None)
        self.calls = 0

    def _forget(self) -> None:
        clear = getattr(self._inner, "clear_cache", None)
        if clear is not None:
            clear()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Encode each text on its own (one encoder call per text, nothing remembered)."""
        rows = []
        for text in texts:
            self._forget()
            rows.append(np.asarray(self._inner.embed([text]), dtype=np.float32)[0])
            self.calls += 1
        self._forget()
        return np.stack(rows) if rows else np.zeros((0, self.dim), dtype=np.float32)


@dataclass
class NaiveModels:
    """The naive pipeline's view of the loaded models."""

    settings: Settings
    embedder: NaiveEmbedder
    stance: Any
    summarizer: Any
    taxonomy: Any


def naive_models(services: Services) -> NaiveModels:
    """Build the stance and summary backends on a :class:`NaiveEmbedder` over the loaded encoder.

    The stance and summary backends are created once more from the registry (same names, same
    checkpoints) so that they call the naive embedder; their weights load once, here.
    """
    settings = services.settings
    emb = NaiveEmbedder(services.embedder)
    stance = create("stance", settings.stance, settings=settings, embedder=emb)
    summarizer = create("summarizer", settings.summarizer, settings=settings, embedder=emb)
    return NaiveModels(
        settings=settings, embedder=emb, stance=stance, summarizer=summarizer, taxonomy=services.taxonomy
    )


@dataclass
class NaiveResult:
    """Stage timings and outputs of one naive analysis (outputs are kept to check agreement)."""

    timings: dict[str, float] = field(default_factory=dict)
    sentence_topics: list[str] = field(default_factory=list)
    unit_texts: list[str] = field(default_factory=list)
    stance: dict[tuple[str, str], str] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)


def _timed(timings: dict[str, float], stage: str, fn: Callable[[], Any]) -> Any:
    t0 = time.perf_counter()
    try:
        return fn()
    finally:
        timings[stage] = time.perf_counter() - t0


def _units(statement: Statement, seg: Any, quotes: list[Any]) -> tuple[list[str], str, set[str]]:
    """Same rule as the engine (``analysis._unit_frame``): attributed quotations; else transcript turns;
    else body sentences (unattributed or low-confidence fragments, often scare quotes, are not units).

    Returns the unit texts, their kind (``quote``, ``turn`` or ``sentence``) and the units' speakers.
    """
    from statement_lens.pipeline.schema import UNIT_MIN_CONFIDENCE

    attributed = [q for q in quotes if q.speaker is not None and q.confidence >= UNIT_MIN_CONFIDENCE]
    if attributed:
        return [q.text for q in attributed], "quote", {q.speaker for q in attributed}
    if seg.turns:
        return [t.text for t in seg.turns], "turn", {t.speaker for t in seg.turns if t.speaker}
    ts = statement.title_span
    body = [s.text for s in seg.sentences if not (ts is not None and s.start >= ts.start and s.end <= ts.end)]
    return body, "sentence", set()


def naive_analyze(
    statement: Statement, models: NaiveModels, targets: Sequence[str] | None = None
) -> NaiveResult:
    """Analyse ``statement`` the tutorial way; ``targets`` None proposes them as the engine does."""
    from statement_lens.quotes import extract_quotes
    from statement_lens.stance.targets import propose_targets
    from statement_lens.text.segment import segment_statement
    from statement_lens.topics import assign_topics

    out = NaiveResult()
    t = out.timings
    seg = _timed(t, "segmentation", lambda: segment_statement(statement))
    quotes = _timed(t, "quotes", lambda: list(extract_quotes(statement.text, segmentation=seg)))
    units, kind, speakers = _units(statement, seg, quotes)
    exclude = [sp for sp in {statement.speaker, *speakers} if sp]  # as the engine's _propose

    def propose() -> list[str]:
        return propose_targets(statement.text, title=statement.title, exclude=exclude)

    target_list = _timed(t, "targets", lambda: list(targets) if targets else propose())
    sentences = [s.text for s in seg.sentences]
    threshold = models.settings.topic_threshold

    def topics() -> list[str]:
        per_sentence = assign_topics(
            sentences, models.taxonomy, embedder=models.embedder, threshold=threshold
        )
        assign_topics(units, models.taxonomy, embedder=models.embedder, threshold=threshold)
        return [a.topic for a in per_sentence]

    out.sentence_topics = _timed(t, "topics", topics)

    by_sentence = kind == "sentence"  # a speech: the engine's sentence gate applies

    def stance() -> dict[tuple[str, str], str]:
        from statement_lens.stance.gate import sentence_gate

        labels = {}
        for text in units:
            for target in target_list:
                if by_sentence and not sentence_gate(models, [(text, target)], [True])[0]:
                    labels[(text, target)] = "none"
                    continue
                (r,) = models.stance.classify([(text, target)])
                labels[(text, target)] = r.label
        return labels

    out.stance = _timed(t, "stance", stance)
    # the same length rule as the pipeline (0 = automatic, by the statement's length)
    max_sentences = summary_length(len(statement.text.split()), models.settings.summary_sentences)
    summary = _timed(
        t, "summary", lambda: models.summarizer.summarize(statement.text, max_sentences=max_sentences)
    )
    out.summary = [s.text for s in summary.sentences]
    out.unit_texts = units
    out.targets = list(target_list)
    return out
