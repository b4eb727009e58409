"""Pure text helpers for generated summaries: sentence splitting, source location and support checks.

A generated sentence is *supported* when every name and every number in it also occurs in the source.
Names are capitalised tokens that are not sentence-initial (sentence-initial words are capitalised by
grammar, not because they are names); numbers are digit sequences, compared without thousands
separators, and a source number written as a word ("thirty") supports the digits ("30").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

from statement_lens.types import SummarySentence

_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "jr",
        "sr",
        "vs",
        "etc",
        "no",
        "nos",
        "fig",
        "approx",
        "dept",
        "est",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s|$)")
_PARA = re.compile(r"\n\s*\n")
_LINE = re.compile(r"\n")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_CAPITAL = re.compile(r"[A-Z][A-Za-z'’]*(?:-[A-Za-z][A-Za-z'’]*)*")
_OPENER = re.compile(r"[\s\"“‘'(\[:;—–-]*$")
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


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation or an initial rather than a sentence."""
    m = re.search(r"([A-Za-z][A-Za-z.]*)$", text[:dot])
    if not m:
        return False
    word = m.group(1)
    return word.lower() in _ABBREV or (len(word) == 1 and word.isupper())


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``, whitespace trimmed.

    Boundaries: sentence-final punctuation followed by whitespace and a non-lowercase character (not
    after an abbreviation or an initial), a blank line, or a line break before a line that does not
    start in lower case (titles and list items stand alone; hard-wrapped lines stay joined).
    """
    cuts = {0, len(text)}
    for m in _END.finditer(text):
        nxt = text[m.end() :].lstrip()
        if nxt and nxt[0].islower():
            continue
        if text[m.start()] == "." and m.end() - m.start() == 1 and _is_abbreviation(text, m.start()):
            continue
        cuts.add(m.end())
    for m in _PARA.finditer(text):
        cuts.add(m.start())
    for m in _LINE.finditer(text):
        before = text[: m.start()].rstrip(" \t")
        after = text[m.end() :].lstrip()
        if before and after and not (after[0].islower() or before[-1] in ",;-–—("):
            cuts.add(m.start())
    bounds = sorted(cuts)
    spans = [_trimmed(text, a, b) for a, b in itertools.pairwise(bounds)]
    return [s for s in spans if s is not None]


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


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def _source_vocab(source: str) -> tuple[set[str], set[str]]:
    words = {w.lower().removesuffix("'s").removesuffix("’s") for w in _WORD.findall(source.replace("-", " "))}
    numbers = _numbers(source) | {_NUMBER_WORDS[w] for w in words if w in _NUMBER_WORDS}
    return words, numbers


def _name_tokens(sentence: str) -> Iterable[str]:
    """Capitalised tokens that are not sentence-initial (nor right after an opening quote or colon)."""
    for m in _CAPITAL.finditer(sentence):
        if m.start() > 0 and sentence[m.start() - 1].isalnum():
            continue  # inside a word such as "McDonald" or "iPhone"
        if _OPENER.fullmatch(sentence[: m.start()]) or re.search(r"[:;\"“]\s*$", sentence[: m.start()]):
            continue
        if m.group(0) == "I":
            continue
        yield m.group(0)


def unsupported_tokens(sentence: str, source: str) -> tuple[str, ...]:
    """Names and numbers in ``sentence`` that do not occur in ``source``, in order, without repeats.

    Examples:
        >>> unsupported_tokens("Allies met Jens Stoltenberg in Paris on 12 May.", "Jens Stoltenberg spoke.")
        ('Paris', 'May', '12')
    """
    words, numbers = _source_vocab(source)
    bad: list[str] = []
    for token in _name_tokens(sentence):
        for part in token.split("-"):
            key = part.lower().removesuffix("'s").removesuffix("’s")
            if part[:1].isupper() and key not in words:
                bad.append(part)
    bad.extend(n for n in _NUMBER.findall(sentence) if n.replace(",", "") not in numbers)
    return tuple(dict.fromkeys(bad))


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
    texts = [generated[a:b] for a, b in split_sentences(generated)]
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
    """Drop repeated sentences (small generators often loop), keeping the first of each."""
    seen: set[str] = set()
    out = []
    for s in sentences:
        key = " ".join(s.text.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out
