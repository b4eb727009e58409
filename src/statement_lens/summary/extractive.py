"""The default summariser: extractive, with the bundled sentence encoder.

Sentences are ranked by *directed centrality* (PacSum, Zheng & Lapata 2019) on the encoder's cosine
similarities, plus a lead prior:

* edges keep only similarities above ``min + beta * (max - min)`` of the document's pairwise values;
* a sentence's centrality is ``backward_weight * (edges to earlier sentences) + (1 - backward_weight) *
  (edges to later sentences)``; a negative ``backward_weight`` favours sentences that later text
  elaborates over sentences that only repeat what came before;
* centrality is scaled to [0, 1] and ``position_weight * exp(-index / position_decay)`` is added: news
  and official statements put the essentials first.

Sentences shorter than ``min_words`` and ceremonial sentences (forms of address, thanks,
congratulations: :mod:`statement_lens.text.ceremony`) are skipped unless nothing else is left; the title
line (a first line without a full stop) is never a candidate and never glued to the first sentence. The chosen
sentences come back in source order with their character offsets into the input text, so each one
links to where it came from. Defaults were chosen on half of a CNN/DailyMail sample
(``benchmarks/summary_rouge.py``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from statement_lens.errors import EmptyInputError
from statement_lens.models.protocols import Embedder
from statement_lens.models.registry import register
from statement_lens.text.ceremony import is_ceremonial
from statement_lens.types import Segment, Summary, SummarySentence

EXTRACTIVE_NAME = "summarizer.extractive.v1"

__all__ = [
    "EXTRACTIVE_NAME",
    "ExtractiveSummarizer",
    "directed_centrality",
    "rank_sentences",
]


def body_sentences(text: str) -> list[Segment]:
    """Body sentences of ``text`` with offsets (from ``segment_text``), the title line left out."""
    from statement_lens.text.segment import segment_text

    return list(segment_text(text).sentences)


def directed_centrality(sim: np.ndarray, *, beta: float = 0.6, backward_weight: float = -0.5) -> np.ndarray:
    """PacSum directed centrality of each sentence, scaled to [0, 1].

    Args:
        sim: ``(n, n)`` cosine similarities between sentences in document order.
        beta: Edge threshold as a fraction of the range of off-diagonal similarities.
        backward_weight: Weight of edges to earlier sentences; later ones get ``1 - backward_weight``.

    Returns:
        ``(n,)`` centrality; all zeros when every sentence scores the same (or ``n < 2``).
    """
    n = len(sim)
    if n < 2:
        return np.zeros(n, dtype=np.float64)
    off_diag = sim[~np.eye(n, dtype=bool)]
    lo, hi = float(off_diag.min()), float(off_diag.max())
    edges = np.maximum(sim - (lo + beta * (hi - lo)), 0.0)
    np.fill_diagonal(edges, 0.0)
    later = np.triu(edges, 1).sum(axis=1)
    earlier = np.tril(edges, -1).sum(axis=1)
    c = backward_weight * earlier + (1.0 - backward_weight) * later
    span = float(c.max() - c.min())
    return (c - c.min()) / span if span > 0 else np.zeros(n, dtype=np.float64)


def rank_sentences(
    vectors: np.ndarray,
    n_words: np.ndarray,
    *,
    beta: float = 0.6,
    backward_weight: float = -0.5,
    position_weight: float = 3.0,
    position_decay: float = 12.0,
    min_words: int = 6,
    skip: np.ndarray | None = None,
) -> np.ndarray:
    """Score sentences (higher is better) from their L2-normalised vectors and word counts.

    Args:
        vectors: ``(n, dim)`` sentence embeddings in document order.
        n_words: ``(n,)`` words per sentence.
        beta: See :func:`directed_centrality`.
        backward_weight: See :func:`directed_centrality`.
        position_weight: Weight of the lead prior ``exp(-index / position_decay)``.
        position_decay: How fast the lead prior decays, in sentences.
        min_words: Sentences with fewer words score ``-inf`` unless all are that short.
        skip: ``(n,)`` booleans: sentences never to choose (ceremonial ones), also ``-inf`` unless that
            would leave nothing.

    Returns:
        ``(n,)`` scores in ``[0, 1]`` (``-inf`` for skipped sentences).
    """
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=np.float64)
    centrality = directed_centrality(vectors @ vectors.T, beta=beta, backward_weight=backward_weight)
    prior = np.exp(-np.arange(n) / position_decay)
    scores = (centrality + position_weight * prior) / (1.0 + position_weight)
    too_short = np.asarray(n_words) < min_words
    if skip is not None and not (too_short | np.asarray(skip, dtype=bool)).all():
        too_short = too_short | np.asarray(skip, dtype=bool)
    if not too_short.all():
        scores = np.where(too_short, -np.inf, scores)
    return np.asarray(scores, dtype=np.float64)


def _distinct(order: np.ndarray, scores: np.ndarray, texts: list[str], limit: int) -> list[int]:
    """The first ``limit`` indices of ``order`` with a finite score and a text not chosen before."""
    chosen: list[int] = []
    seen: set[str] = set()
    for i in (int(k) for k in order):
        key = " ".join(texts[i].split()).casefold()
        if len(chosen) == limit or not np.isfinite(scores[i]):
            break
        if key not in seen:
            seen.add(key)
            chosen.append(i)
    return chosen


class ExtractiveSummarizer:
    """Pick the most central, leading sentences; return them in source order with offsets."""

    name = EXTRACTIVE_NAME
    experimental = False

    def __init__(
        self,
        embedder: Embedder,
        *,
        beta: float = 0.6,
        backward_weight: float = -0.5,
        position_weight: float = 3.0,
        position_decay: float = 12.0,
        min_words: int = 6,
        max_input_sentences: int = 2000,
        skip_ceremonial: bool = True,
    ) -> None:
        """Keep the encoder and ranking parameters (see :func:`rank_sentences`).

        Args:
            embedder: Sentence encoder (L2-normalised vectors).
            beta: Edge threshold of the centrality graph.
            backward_weight: Weight of edges to earlier sentences.
            position_weight: Weight of the lead prior.
            position_decay: Decay of the lead prior, in sentences.
            min_words: Shorter sentences are not chosen unless nothing else is left.
            max_input_sentences: Only the first this-many sentences are ranked (reported as coverage).
            skip_ceremonial: Never choose forms of address, thanks and congratulations
                (:func:`statement_lens.text.ceremony.is_ceremonial`) unless nothing else is left.
        """
        self._embedder = embedder
        self._params: dict[str, Any] = {
            "beta": beta,
            "backward_weight": backward_weight,
            "position_weight": position_weight,
            "position_decay": position_decay,
            "min_words": min_words,
        }
        self._max_input = max_input_sentences
        self._skip_ceremonial = skip_ceremonial
        self.checkpoint = getattr(embedder, "checkpoint", getattr(embedder, "name", None))

    def summarize(self, text: str, *, max_sentences: int = 3) -> Summary:
        """Return up to ``max_sentences`` sentences of ``text``, in source order, with offsets.

        Raises:
            EmptyInputError: ``text`` is empty or only whitespace.
        """
        if not text or not text.strip():
            raise EmptyInputError("Cannot summarise an empty text. Pass the statement's text.")
        if max_sentences < 1:
            raise ValueError(f"max_sentences must be at least 1, got {max_sentences}.")
        sentences = body_sentences(text)
        if not sentences:
            return Summary(sentences=(), method="extractive", model=self.name)
        considered = sentences[: self._max_input]
        coverage = (considered[-1].end - considered[0].start) / max(1, sentences[-1].end - sentences[0].start)
        vectors = np.asarray(self._embedder.embed([s.text for s in considered]), dtype=np.float32)
        n_words = np.array([len(s.text.split()) for s in considered])
        skip = np.array([is_ceremonial(s.text) for s in considered]) if self._skip_ceremonial else None
        scores = rank_sentences(vectors, n_words, skip=skip, **self._params)
        order = np.argsort(-scores, kind="stable")
        chosen = sorted(_distinct(order, scores, [s.text for s in considered], max_sentences))
        picked = tuple(
            SummarySentence(
                text=considered[i].text,
                start=considered[i].start,
                end=considered[i].end,
                score=float(scores[i]),
            )
            for i in chosen
        )
        return Summary(
            sentences=picked, method="extractive", model=self.name, input_coverage=float(min(1.0, coverage))
        )


@register("summarizer", EXTRACTIVE_NAME, aliases=("extractive",))
def make_extractive(
    settings: Any = None, embedder: Embedder | None = None, **kwargs: Any
) -> ExtractiveSummarizer:
    """Build the extractive summariser, loading the configured embedder when none is given."""
    if embedder is None:
        from statement_lens.config import DEFAULT_EMBEDDER
        from statement_lens.models.registry import create

        embedder = create(
            "embedder", getattr(settings, "embedder", None) or DEFAULT_EMBEDDER, settings=settings
        )
    return ExtractiveSummarizer(embedder, **kwargs)
