"""``summarize(text)``: one entry point over the registered summarisers, and a source-support check.

The support check (:func:`statement_lens.summary.support.unsupported_tokens`, re-exported) flags names and
numbers in a summary sentence that do not occur in the source; an extractive summary passes it by
construction, a generated one may not.
"""

from __future__ import annotations

import math
from typing import Any

from statement_lens.config import Settings, load_settings
from statement_lens.models.protocols import Embedder
from statement_lens.summary.support import dedupe, unsupported_tokens
from statement_lens.types import Summary, SummarySentence

AUTO_MIN_SENTENCES = 3
AUTO_MAX_SENTENCES = 10


def summary_length(n_words: int, setting: int = 0) -> int:
    """How many sentences a summary of an ``n_words`` text gets.

    ``setting`` is ``Settings.summary_sentences``: a positive number is used as it is; 0 ("auto") scales
    with the text: 3 sentences up to about 1,300 words (every news article of the CNN/DailyMail
    benchmark), then ``3 * sqrt(words / 1000)`` rounded, at most 10 (a 2,000-word speech gets 4, an
    8,000-word press conference 8). A long statement summarised in 3 sentences read like its opening
    paragraph only (``benchmarks/reports/summary_long.md``).
    """
    if setting > 0:
        return setting
    scaled = round(AUTO_MIN_SENTENCES * math.sqrt(max(0, n_words) / 1000))
    return int(min(AUTO_MAX_SENTENCES, max(AUTO_MIN_SENTENCES, scaled)))


def mark_support(summary: Summary, source: str) -> Summary:
    """Return ``summary`` with ``supported``/``unsupported_tokens`` of each sentence set from ``source``.

    A sentence whose text (case and spacing aside) repeats an earlier one of the summary is dropped: a
    text that says the same sentence three times gets it once.
    """
    marked = []
    for s in dedupe(summary.sentences):
        missing = unsupported_tokens(s.text, source)
        marked.append(
            SummarySentence(
                text=s.text,
                start=s.start,
                end=s.end,
                score=s.score,
                supported=not missing,
                unsupported_tokens=missing,
            )
        )
    return Summary(
        sentences=tuple(marked),
        method=summary.method,
        model=summary.model,
        input_coverage=summary.input_coverage,
        experimental=summary.experimental,
    )


def summarize(
    text: str,
    *,
    method: str | None = None,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    max_sentences: int | None = None,
    **options: Any,
) -> Summary:
    """Summarise ``text`` with a registered summariser (default: the extractive one).

    Args:
        text: The statement text (a first line without a full stop is treated as its title).
        method: A registered summariser name or alias (``"extractive"``, ``"seq2seq"``, ``"causal"``);
            default: ``settings.summarizer``.
        settings: Settings naming the backend and checkpoint; default: :class:`Settings` defaults.
        embedder: A loaded sentence encoder to reuse (the extractive summariser needs one).
        max_sentences: Most sentences in the summary; default: ``settings.summary_sentences``, whose
            default (0) scales with the text's length (:func:`summary_length`).
        **options: Passed to the summariser's factory.

    Returns:
        The summary; every sentence is checked against ``text`` for names and numbers it lacks.
    """
    from statement_lens.models.registry import create, resolve_name

    settings = settings or load_settings()
    name = resolve_name("summarizer", method or settings.summarizer)
    if embedder is None and not options:
        summarizer = _cached_summarizer(name, settings)
    else:
        summarizer = create("summarizer", name, settings=settings, embedder=embedder, **options)
    if max_sentences is None:
        max_sentences = summary_length(len(text.split()), settings.summary_sentences)
    return mark_support(summarizer.summarize(text, max_sentences=max_sentences), text)


def _cached_summarizer(name: str, settings: Settings) -> Any:
    """One summariser per (name, settings) in the process's model cache, so calls do not reload models."""
    from statement_lens.models.cache import cached
    from statement_lens.models.registry import create

    return cached(("summarizer", name, settings), lambda: create("summarizer", name, settings=settings))
