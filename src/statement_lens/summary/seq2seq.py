"""Abstractive summaries from any transformers seq2seq checkpoint (``summarizer.seq2seq.v1``, ``seq2seq``).

transformers 5 has no summarization pipeline, so the model is called through
``AutoModelForSeq2SeqLM.generate``. Inputs longer than the model's window (the smaller of the
tokenizer's ``model_max_length`` and the config's position limit) are cut at sentence boundaries into
chunks that fit; each chunk is summarised, and when there are several the joined chunk summaries are
summarised once more. ``Summary.input_coverage`` is the share of input tokens actually fed to the model
(below 1 when a single sentence overflows the window or the number of chunks is capped).

Generated sentences link to the source only when they appear in it verbatim; each is checked for names
and numbers absent from the source (:mod:`statement_lens.summary.support`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from statement_lens.config import Settings, load_settings
from statement_lens.errors import EmptyInputError, ModelError
from statement_lens.models.hf_loading import Provenance, load_model_and_tokenizer, model_window
from statement_lens.models.registry import register
from statement_lens.summary.support import dedupe, summary_sentences
from statement_lens.text.segment import sentence_spans
from statement_lens.types import Summary

SEQ2SEQ_NAME = "summarizer.seq2seq.v1"
SETTING = "summarizer_checkpoint"


@dataclass(frozen=True)
class Chunk:
    """Sentences ``[first, stop)`` summarised together; ``tokens`` of them are fed to the model."""

    first: int
    stop: int
    tokens: int


@dataclass(frozen=True)
class ChunkPlan:
    """How a text is cut into model-sized chunks, and how much of it the model sees."""

    chunks: tuple[Chunk, ...]
    total_tokens: int

    @property
    def covered_tokens(self) -> int:
        """Input tokens fed to the model."""
        return sum(c.tokens for c in self.chunks)

    @property
    def coverage(self) -> float:
        """Share of input tokens fed to the model, in [0, 1]."""
        return 1.0 if self.total_tokens == 0 else min(1.0, self.covered_tokens / self.total_tokens)


def plan_chunks(token_counts: Sequence[int], budget: int, *, max_chunks: int | None = None) -> ChunkPlan:
    """Pack consecutive sentences into chunks of at most ``budget`` tokens (greedy, order kept).

    A sentence longer than ``budget`` gets a chunk of its own and is truncated to ``budget`` tokens.
    Only the first ``max_chunks`` chunks are kept (None keeps all).

    Args:
        token_counts: Tokens per sentence, in order.
        budget: Most tokens per chunk (the model window less its special tokens).
        max_chunks: Cap on the number of chunks.

    Returns:
        The plan, with the coverage it achieves.
    """
    budget = max(1, int(budget))
    chunks: list[Chunk] = []
    first, used = 0, 0
    for i, count in enumerate(token_counts):
        if i > first and used + count > budget:
            chunks.append(Chunk(first, i, min(used, budget)))
            first, used = i, 0
        used += count
    if len(token_counts) > first:
        chunks.append(Chunk(first, len(token_counts), min(used, budget)))
    if max_chunks is not None:
        chunks = chunks[: max(1, max_chunks)]
    return ChunkPlan(tuple(chunks), int(sum(token_counts)))


class Seq2SeqSummarizer:
    """Chunked abstractive summariser over an ``AutoModelForSeq2SeqLM`` checkpoint."""

    name = SEQ2SEQ_NAME

    def __init__(
        self,
        checkpoint: str | None,
        *,
        max_new_tokens: int = 128,
        max_input_tokens: int | None = None,
        max_chunks: int | None = 8,
        num_beams: int | None = None,
        batch_size: int = 4,
    ) -> None:
        """Load the checkpoint (folder or hub id)."""
        from transformers import AutoModelForSeq2SeqLM

        loaded = load_model_and_tokenizer(
            AutoModelForSeq2SeqLM.from_pretrained, checkpoint, name=SEQ2SEQ_NAME, setting=SETTING
        )
        self._model: Any = loaded.model
        self._tokenizer: Any = loaded.tokenizer
        self.provenance: Provenance = loaded.provenance
        self.checkpoint = self.provenance.checkpoint
        self.revision = self.provenance.revision
        self.licence = self.provenance.licence
        window = model_window(self._tokenizer, self._model.config)
        self.window = min(window, max_input_tokens) if max_input_tokens else window
        self._budget = max(1, self.window - int(self._tokenizer.num_special_tokens_to_add()))
        self._max_new_tokens = max_new_tokens
        self._max_chunks = max_chunks
        self._num_beams = num_beams
        self._batch_size = max(1, batch_size)
        self._lock = threading.Lock()

    def _count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        with self._lock:  # fast tokenizers must not be used concurrently while _forward sets truncation
            enc = self._tokenizer(list(texts), add_special_tokens=False)
        return [len(ids) for ids in enc["input_ids"]]

    def preprocess(self, text: str) -> tuple[list[str], ChunkPlan]:
        """Cut ``text`` into chunk texts that fit the window, with the plan (coverage) behind them."""
        spans = sentence_spans(text)
        plan = plan_chunks(
            self._count_tokens([text[a:b] for a, b in spans]), self._budget, max_chunks=self._max_chunks
        )
        chunks = [text[spans[c.first][0] : spans[c.stop - 1][1]] for c in plan.chunks]
        return chunks, plan

    def _forward(self, texts: Sequence[str]) -> list[str]:
        """Generate one summary per input text (the model call only)."""
        import torch

        gen_kwargs: dict[str, Any] = {"max_new_tokens": self._max_new_tokens}
        if self._num_beams is not None:
            gen_kwargs["num_beams"] = self._num_beams
        outputs: list[str] = []
        with self._lock, torch.inference_mode():
            for i in range(0, len(texts), self._batch_size):
                enc = self._tokenizer(
                    list(texts[i : i + self._batch_size]),
                    return_tensors="pt",
                    padding=True,
                    truncation=True,
                    max_length=self.window,
                )
                enc.pop("token_type_ids", None)
                ids = self._model.generate(**enc, **gen_kwargs)
                outputs.extend(self._tokenizer.batch_decode(ids, skip_special_tokens=True))
        if len(outputs) != len(texts):
            raise ModelError(
                f"generate returned {len(outputs)} outputs for {len(texts)} inputs; please report this bug."
            )
        return [" ".join(o.split()) for o in outputs]

    def summarize(self, text: str, *, max_sentences: int = 3) -> Summary:
        """Summarise ``text`` in at most ``max_sentences`` generated sentences."""
        if not text.strip():
            raise EmptyInputError(
                "There is no text to summarise. Pass a statement with at least one sentence."
            )
        chunks, plan = self.preprocess(text)
        partial = self._forward(chunks)
        generated = partial[0] if partial else ""
        if len(partial) > 1:
            joined = " ".join(p for p in partial if p)
            generated = self._forward([joined])[0] if joined else ""
        sentences = dedupe(summary_sentences(generated, text))[:max_sentences]
        return Summary(
            sentences=tuple(sentences),
            method="seq2seq",
            model=self.checkpoint,
            input_coverage=plan.coverage,
        )


@register("summarizer", SEQ2SEQ_NAME, aliases=("seq2seq",))
def _make_seq2seq(
    settings: Settings | None = None,
    embedder: Any = None,  # noqa: ARG001  (every factory is called with the encoder; this one needs none)
    checkpoint: str | None = None,
    **kwargs: Any,
) -> Seq2SeqSummarizer:
    """Any transformers seq2seq checkpoint (hub id or local folder) through ``generate``."""
    settings = settings or load_settings()
    allowed = {"max_new_tokens", "max_input_tokens", "max_chunks", "num_beams", "batch_size"}
    return Seq2SeqSummarizer(
        checkpoint or settings.summarizer_checkpoint, **{k: v for k, v in kwargs.items() if k in allowed}
    )
