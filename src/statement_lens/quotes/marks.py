"""Find quoted stretches by pairing quote marks, paragraph by paragraph.

Handles straight (``"``) and curly (``“ ”``, ``„``, ``« »``) double quotes, a curly closing mark typed as an
opener (``”Text…``) and an opening mark typed as the closer (``…?“ he asked``), quotes running over
several paragraphs (an opening mark at the start of each paragraph and no closing mark until the last),
and unbalanced marks, which never raise: the quote is cut at the end of its paragraph and carries the flag
``"unmatched_quote_mark"``. Single quotes (``‘…’``) count as quotation marks only in texts that use no
double quotes at all (British style); elsewhere they are nested quotes or apostrophes. Marks inside
markup tags (``<tweet author="…">``) are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from statement_lens.text.char_classes import (
    APOSTROPHES,
    CLOSING_QUOTES,
    DASHES_AND_HYPHEN,
    DOUBLE_QUOTES,
    OPENING_QUOTES,
    SINGLE_QUOTES,
)

__all__ = ["MarkedQuote", "find_marked_quotes"]

UNMATCHED = "unmatched_quote_mark"
_FEET_INCHES = re.compile(r"\d[" + APOSTROPHES + r"]\d{1,2}$")
_TAG = re.compile(r"<[^<>\n]{0,3000}>")


@dataclass(frozen=True)
class MarkedQuote:
    """Quoted content between marks; ``parts`` holds one (start, end) per paragraph it covers."""

    start: int
    end: int
    parts: tuple[tuple[int, int], ...]
    open_mark: int  # offset of the opening mark
    close_mark: int | None  # offset of the closing mark; None when unmatched
    flags: tuple[str, ...] = ()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans


def _masked(text: str) -> str:
    """Blank out markup tags so marks inside attributes are not paired."""
    if "<" not in text:
        return text
    return _TAG.sub(lambda m: " " * (m.end() - m.start()), text)


def _role(text: str, i: int, ch: str) -> str:
    """Classify the mark at ``i``: 'open', 'close' or 'either'."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    space_before = before.isspace() or before in "([{/\u00a0" + DASHES_AND_HYPHEN
    space_after = after.isspace() or after in ".,;:!?)]}\u00a0" + DASHES_AND_HYPHEN or i + 1 >= len(text)
    if ch in OPENING_QUOTES:
        # an opening curly mark typed as the closer ("…fascist?“ he asked") ends a quote
        return "close" if ch == "“" and space_after and not space_before else "open"
    if ch in CLOSING_QUOTES:
        # a closing curly mark typed at the start of a word opens a quote
        return "open" if space_before and not space_after else "close"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return "either"


def _continues(text: str, open_at: int, i: int) -> bool:
    """Whether the mark opening the paragraph at ``i`` continues the quote opened at ``open_at``.

    The convention repeats the same style of mark; a straight quote left open followed by a curly
    opener (or the reverse) is an unclosed quote followed by a new one.
    """
    if _role(text, i, text[i]) == "close":
        return False
    return (text[open_at] == '"') == (text[i] == '"')


def _is_inch(text: str, i: int) -> bool:
    """A straight quote closing a feet-and-inches figure (6'3") is an inch mark."""
    return text[i] == '"' and bool(_FEET_INCHES.search(text, max(0, i - 5), i))


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and (after.isalnum() or text[i] == "’")


def find_marked_quotes(text: str) -> list[MarkedQuote]:
    """Pair the quote marks of ``text`` into quoted stretches.

    Args:
        text: Any text.

    Returns:
        Quotes in text order; content offsets exclude the marks and surrounding whitespace.
    """
    scan = _masked(text)
    use_single = not any(ch in scan for ch in DOUBLE_QUOTES)
    marks_set = SINGLE_QUOTES if use_single else DOUBLE_QUOTES
    quotes: list[MarkedQuote] = []
    open_at: int | None = None
    parts: list[tuple[int, int]] = []
    part_start = 0
    nested = 0
    paragraphs = _paragraphs(scan)
    for pi, (ps, pe) in enumerate(paragraphs):
        marks = [
            i
            for i in range(ps, pe)
            if scan[i] in marks_set
            and not (use_single and _is_apostrophe(scan, i))
            and not _is_inch(scan, i)
            and scan[i - 2 : i] != "â€"  # mojibake of a UTF-8 dash or quote read as cp1252
        ]
        if open_at is not None:
            # a quote left open by the previous paragraph continues only if this one opens with a mark
            if marks and marks[0] == ps and _continues(scan, open_at, ps):
                part_start = ps + 1
                marks = marks[1:]
            else:
                quotes.append(_make(text, open_at, None, [*parts, (part_start, paragraphs[pi - 1][1])]))
                open_at, parts = None, []
        for i in marks:
            role = _role(scan, i, scan[i])
            if open_at is None:
                if role == "close" and scan[i] in '"' + CLOSING_QUOTES:
                    quotes.append(_stray_closer(text, ps, i))
                    continue
                open_at, part_start, parts, nested = i, i + 1, [], 0
            elif scan[open_at] == "„" and scan[i] in "“”":
                quotes.append(_make(text, open_at, i, [*parts, (part_start, i)]))  # German „…“
                open_at, parts = None, []
            elif scan[open_at] == '"' and scan[i] in "“„«":
                nested += 1  # a curly quote inside a straight one
            elif nested and scan[i] in "”»":
                nested -= 1
            elif role == "open" and scan[i] in OPENING_QUOTES and i > part_start:
                # a new opener while one is open: the first was never closed
                quotes.append(_make(text, open_at, None, [*parts, (part_start, i)]))
                open_at, part_start, parts = i, i + 1, []
            else:
                quotes.append(_make(text, open_at, i, [*parts, (part_start, i)]))
                open_at, parts = None, []
        if open_at is not None:
            nxt = paragraphs[pi + 1] if pi + 1 < len(paragraphs) else None
            if nxt is not None and scan[nxt[0]] in marks_set and _continues(scan, open_at, nxt[0]):
                parts.append((part_start, pe))
    if open_at is not None:
        quotes.append(_make(text, open_at, None, [*parts, (part_start, paragraphs[-1][1])]))
    return [q for q in quotes if q.end > q.start]


def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _make(text: str, open_mark: int, close_mark: int | None, parts: list[tuple[int, int]]) -> MarkedQuote:
    clean = [p for p in (_trimmed(text, s, e) for s, e in parts) if p[1] > p[0]]
    if not clean:
        return MarkedQuote(open_mark + 1, open_mark + 1, (), open_mark, close_mark)
    flags = () if close_mark is not None else (UNMATCHED,)
    return MarkedQuote(
        clean[0][0], clean[-1][1], tuple(clean) if len(clean) > 1 else (), open_mark, close_mark, flags
    )


def _stray_closer(text: str, para_start: int, i: int) -> MarkedQuote:
    """A closing mark with no opener: the quote is taken to start at the paragraph start."""
    s, e = _trimmed(text, para_start, i)
    return MarkedQuote(s, e, (), para_start, i, (UNMATCHED,))
