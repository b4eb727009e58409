"""The one source-support check of summaries, and helpers for generated ones (location, repeats).

A generated sentence is *supported* when every name and every number in it also occurs in the source.
Names are capitalised tokens that are not sentence-initial (sentence-initial words are capitalised by
grammar, not because they are names); numbers are digit sequences, compared without thousands
separators, and a source number written as a word ("thirty") supports the digits ("30").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from statement_lens.text.segment import sentence_spans
from statement_lens.types import SummarySentence

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# A word of letters (apostrophes and hyphens kept): a name candidate when it starts with a capital.
_WORD = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)
_SOURCE_WORD = re.compile(r"[^\W_][\w'\-]*", re.UNICODE)
# Text before a word that puts it at a sentence start: nothing, sentence-final punctuation, a colon, or an
# opening quote or bracket (capitals there come from grammar, not from a name).
_SENTENCE_START = re.compile(r"(?:^|[.!?:;])[\s\"“”‘'(\[—–-]*$|[\"“‘(\[]\s*$")
_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {
    w: str(10 * (i + 3))
    for i, w in enumerate(["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
}
_NUMBER_WORDS |= {"hundred": "100", "thousand": "1000", "million": "1000000", "billion": "1000000000"}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return text.replace("’", "'").replace("‘", "'")


def _digits(number: str) -> str:
    return re.sub(r"[.,]", "", number)


def names_and_numbers(sentence: str) -> list[str]:
    """Capitalised words, then numbers, of ``sentence`` in order.

    A word at a sentence start (or right after a colon or an opening quote) counts only when it is an
    all-caps acronym; "I" never counts.
    """
    names = []
    for m in _WORD.finditer(sentence):
        word = m.group(0).rstrip("'’-")
        if not word[:1].isupper() or word == "I":
            continue
        if _SENTENCE_START.search(sentence[: m.start()]) and not (word.isupper() and len(word) > 1):
            continue
        names.append(word)
    return names + _NUMBER.findall(sentence)


def _source_vocabulary(source: str) -> tuple[set[str], set[str]]:
    folded = _fold(source)
    words = {w.rstrip("'-") for w in _SOURCE_WORD.findall(folded)}
    words |= {part for w in list(words) for part in w.split("-") if part}
    # raw and NFKC-folded digits both count ("11½" folds to "111⁄2"); a number word supports its digits
    numbers = {_digits(n) for n in _NUMBER.findall(source) + _NUMBER.findall(folded)}
    numbers |= {_NUMBER_WORDS[w] for w in words if w in _NUMBER_WORDS}
    return words, numbers


def _missing_names(token: str, words: set[str]) -> list[str]:
    """``[]`` when the name occurs in the source; else what is missing (the parts of a hyphenated name)."""
    key = _fold(token)
    base = key.removesuffix("'s")
    if key in words or base in words or f"{base}'s" in words:
        return []
    raw_parts = [p for p in token.split("-") if p]
    if len(raw_parts) == 1:
        return [token]
    return [p for p in raw_parts if p[:1].isupper() and _fold(p).removesuffix("'s") not in words]


def unsupported_tokens(sentence: str, source: str) -> tuple[str, ...]:
    """Names and numbers in ``sentence`` that never occur in ``source``: the project's one support check.

    Case- and width-insensitive. Numbers match with their grouping ignored (``1,000``, ``1.000`` and
    ``1000`` are one number) and a number word in the source supports its digits ("thirty" → 30); names
    match as whole words, a possessive ``'s`` ignored, a hyphenated name also part by part. Names come
    first, then numbers, each in order, without repeats.

    Examples:
        >>> unsupported_tokens("Allies met Jens Stoltenberg in Paris on 12 May.", "Jens Stoltenberg spoke.")
        ('Paris', 'May', '12')
    """
    words, numbers = _source_vocabulary(source)
    missing: list[str] = []
    for token in names_and_numbers(sentence):
        if token[:1].isdigit():
            missing.extend([] if _digits(token) in numbers else [token])
        else:
            missing.extend(_missing_names(token, words))
    return tuple(dict.fromkeys(missing))


def locate(sentence: str, source: str) -> tuple[int, int] | None:
    """Offsets of ``sentence`` in ``source`` when it appears verbatim (whitespace may differ), else None."""
    sentence = sentence.strip()
    if not sentence:
        return None
    i = source.find(sentence)
    if i >= 0:
        return i, i + len(sentence)
    pattern = r"\s+".join(re.escape(tok) for tok in sentence.split())
    m = re.search(pattern, source)
    return (m.start(), m.end()) if m else None


def check_support(sentence: str, source: str) -> tuple[bool, tuple[str, ...]]:
    """``(supported, unsupported_tokens)`` for one generated sentence against its source."""
    bad = unsupported_tokens(sentence, source)
    return not bad, bad


def summary_sentences(
    generated: str, source: str, *, max_sentences: int | None = None
) -> list[SummarySentence]:
    """Split generated text into sentences, link each to the source when verbatim, and check support.

    Args:
        generated: The model's output.
        source: The text that was summarised.
        max_sentences: Keep at most this many sentences (None keeps all).

    Returns:
        One :class:`SummarySentence` per generated sentence; ``start``/``end`` are None when the
        sentence is not in the source verbatim.
    """
    texts = [generated[a:b] for a, b in sentence_spans(generated)]
    if max_sentences is not None:
        texts = texts[:max_sentences]
    out = []
    for text in texts:
        span = locate(text, source)
        ok, bad = check_support(text, source)
        out.append(
            SummarySentence(
                text=text,
                start=span[0] if span else None,
                end=span[1] if span else None,
                score=1.0,
                supported=ok,
                unsupported_tokens=bad,
            )
        )
    return out


def dedupe(sentences: Sequence[SummarySentence]) -> list[SummarySentence]:
    """Drop repeated sentences (case, width and spacing aside), keeping the first of each.

    Small generators often loop, and a text that says one sentence three times must not get it three times.
    """
    seen: set[str] = set()
    out = []
    for s in sentences:
        key = " ".join(_fold(s.text).split())
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out
