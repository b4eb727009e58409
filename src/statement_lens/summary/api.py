"""``summarize(text)``: one entry point over the registered summarisers, and a source-support check.

The support check flags names and numbers in a summary sentence that do not occur in the source; an
extractive summary passes it by construction, a generated one may not.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from typing import Any

from statement_lens.config import Settings, load_settings
from statement_lens.models.protocols import Embedder
from statement_lens.types import Summary, SummarySentence

__all__ = ["mark_support", "names_and_numbers", "summarize", "summary_length", "unsupported_tokens"]

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


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A capitalised word (not at the very start of a sentence) or an all-caps acronym; apostrophes kept.
_WORD = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”]\s+)$")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return text.replace("’", "'").replace("‘", "'")


def names_and_numbers(sentence: str) -> list[str]:
    """Numbers and capitalised words of ``sentence`` in order (a sentence-initial word only when all caps)."""
    found = [(m.start(), m.group(0)) for m in _NUMBER.finditer(sentence)]
    for m in _WORD.finditer(sentence):
        word = m.group(0).rstrip("'’-")
        if not word[:1].isupper():
            continue
        starts_sentence = bool(_SENTENCE_START.search(sentence[: m.start()]))
        if starts_sentence and not (word.isupper() and len(word) > 1):
            continue
        found.append((m.start(), word))
    return [token for _, token in sorted(found)]


def unsupported_tokens(sentence: str, source: str) -> tuple[str, ...]:
    """Names and numbers in ``sentence`` that never occur in ``source`` (case- and width-insensitive).

    Numbers match when their digits occur in the source with the same grouping ignored (``1,000`` and
    ``1000`` are the same number); names match as whole words, a possessive ``'s`` ignored.
    """
    folded = _fold(source)
    # raw and NFKC-folded digits both count ("11½" folds to "111⁄2")
    source_numbers = {re.sub(r"[.,]", "", n) for n in _NUMBER.findall(source) + _NUMBER.findall(folded)}
    source_words = {w.rstrip("'-") for w in re.findall(r"[^\W_][\w'\-]*", folded)}
    missing = []
    for token in names_and_numbers(sentence):
        key = _fold(token)
        if key[:1].isdigit():
            ok = re.sub(r"[.,]", "", key) in source_numbers
        else:
            base = key[:-2] if key.endswith("'s") else key
            ok = key in source_words or base in source_words or f"{base}'s" in source_words
        if not ok:
            missing.append(token)
    return tuple(dict.fromkeys(missing))


def mark_support(summary: Summary, source: str) -> Summary:
    """Return ``summary`` with ``supported``/``unsupported_tokens`` of each sentence set from ``source``.

    A sentence whose text (case and spacing aside) repeats an earlier one of the summary is dropped: a
    text that says the same sentence three times gets it once.
    """
    marked = []
    seen: set[str] = set()
    for s in summary.sentences:
        key = " ".join(_fold(s.text).split())
        if key in seen:
            continue
        seen.add(key)
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


_SUMMARIZERS: dict[tuple[str, Settings], Any] = {}
_SUMMARIZERS_LOCK = threading.Lock()


def _cached_summarizer(name: str, settings: Settings) -> Any:
    """One summariser per (name, settings) per process, so repeated calls do not reload models."""
    from statement_lens.models.registry import create

    with _SUMMARIZERS_LOCK:
        key = (name, settings)
        if key not in _SUMMARIZERS:
            if len(_SUMMARIZERS) >= 4:
                _SUMMARIZERS.pop(next(iter(_SUMMARIZERS)))
            _SUMMARIZERS[key] = create("summarizer", name, settings=settings)
        return _SUMMARIZERS[key]
