"""Paragraphs of a PDF rebuilt from where its lines sit on the page.

``pypdf``'s plain ``extract_text`` keeps every hard line break of the page and loses paragraphs, so a
quotation wrapped over five lines reaches the quotation finder as five fragments. Here pypdf's text
visitor gives each text run with its position and font size; runs are grouped into lines, and lines
into paragraphs by the gaps between them:

- a new paragraph starts where the vertical gap exceeds 1.35 x the usual line gap for that font size,
  where the font size changes, where a line is indented against the one before (first-line indent), or
  after a line under 60 % of the usual line length (at its font size) that ends a sentence or
  precedes a capital (a paragraph's last line, a headline);
- a paragraph continues into the next column or page unless the last line was short and ended a
  sentence;
- lines repeated near the top or bottom of two or more pages (running headers and footers, with the page
  number masked) and lines that are only a page number there are dropped;
- a word hyphenated at a line end is joined again ("defen-" + "ce" -> "defence"; before a capital the
  hyphen stays: "Indo-" + "Pacific" -> "Indo-Pacific"); soft hyphens are dropped;
- compatibility characters (ligatures such as "ﬀ", full-width forms) become their plain letters (NFKC),
  except the ellipsis "…".

Column order is the order in which the page draws its text (Chromium, Word and LibreOffice draw one
column after the other); a jump back up the page is read as the start of the next column.
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

#: Share of the page height at the top and bottom where running headers and footers are looked for.
MARGIN_BAND = 0.12
#: A gap larger than this multiple of the usual line gap starts a new paragraph.
PARAGRAPH_GAP = 1.35

_PAGE_NUMBER = re.compile(r"^\W*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\W*$", re.IGNORECASE)
_SENTENCE_END = tuple('.!?:"”’)')
_KEEP_COMPAT = frozenset("…")


@dataclass
class Line:
    """One line of text on a page, with the position of its first run (PDF points, origin bottom left)."""

    page: int
    x: float
    y: float
    size: float
    text: str


def normalise_compat(text: str) -> str:
    """Replace compatibility characters (ligatures, full-width forms) by NFKC; drop soft hyphens."""
    out: list[str] = []
    for ch in text:
        if ch == "\u00ad":
            continue
        if ord(ch) > 127 and ch not in _KEEP_COMPAT and unicodedata.decomposition(ch).startswith("<"):
            out.append(unicodedata.normalize("NFKC", ch))
        else:
            out.append(ch)
    return "".join(out)


def page_lines(page: Any, number: int) -> list[Line]:
    """The lines of one pypdf page in drawing order, runs on the same baseline joined."""
    runs: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if not text or not text.strip("\n"):
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or abs(tm[0] * cm[0]) or 1.0
        runs.append((x, y, abs(size) * scale, text))

    page.extract_text(visitor_text=visit)
    lines: list[Line] = []
    for x, y, size, text in runs:
        for k, part in enumerate(text.split("\n")):
            if not part.strip():
                continue
            cur = lines[-1] if lines else None
            if k == 0 and cur is not None and cur.page == number and abs(cur.y - y) <= 0.4 * max(size, 1.0):
                cur.text += part
            else:
                lines.append(Line(number, x, y, size, part))
    for line in lines:
        line.text = " ".join(line.text.split())
    return lines


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", text.casefold())


def drop_margins(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Drop running headers/footers (repeated in the margin band of 2+ pages) and bare page numbers there."""

    def in_band(line: Line) -> bool:
        h = heights[line.page]
        return line.y > h * (1 - MARGIN_BAND) or line.y < h * MARGIN_BAND

    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_mask(ln.text) for ln in lines if in_band(ln)})
    kept: list[list[Line]] = []
    for lines in pages:
        kept.append(
            [
                ln
                for ln in lines
                if not (
                    in_band(ln)
                    and (_PAGE_NUMBER.match(ln.text) or (len(pages) > 1 and seen[_mask(ln.text)] > 1))
                )
            ]
        )
    return kept


def _usual_gaps(lines: list[Line]) -> dict[float, float]:
    gaps: dict[float, list[float]] = {}
    for prev, cur in itertools.pairwise(lines):
        gap = prev.y - cur.y
        if prev.page == cur.page and abs(prev.size - cur.size) < 0.5 and 0 < gap < 3 * cur.size:
            gaps.setdefault(round(cur.size, 1), []).append(gap)
    return {size: statistics.median(values) for size, values in gaps.items()}


def _join(paragraph: str, line: str) -> str:
    """Join a wrapped line: "ammu-" + "nition" -> "ammunition", "Indo-" + "Pacific" -> "Indo-Pacific"."""
    if paragraph.endswith("-") and len(paragraph) > 1 and paragraph[-2].isalpha() and line[:1].isalpha():
        return paragraph[:-1] + line if line[:1].islower() else paragraph + line
    return f"{paragraph} {line}"


def _ends_short(prev: Line, cur: Line, typical_chars: float) -> bool:
    """A short line that ends a sentence, or a short unpunctuated line before a capital (a headline)."""
    if prev.text.endswith(_SENTENCE_END):
        return len(prev.text) < 0.6 * typical_chars
    return len(prev.text) < 0.6 * typical_chars and cur.text[:1].isupper()


def paragraphs(lines: list[Line]) -> list[str]:
    """Group lines into paragraphs (see the module docstring for the rules)."""
    if not lines:
        return []
    usual = _usual_gaps(lines)
    by_size: dict[float, list[int]] = {}
    for ln in lines:
        by_size.setdefault(round(ln.size, 1), []).append(len(ln.text))
    typical = {size: statistics.median(counts) for size, counts in by_size.items()}
    out: list[str] = [lines[0].text]
    for prev, cur in itertools.pairwise(lines):
        typical_chars = typical[round(prev.size, 1)]
        gap = prev.y - cur.y
        line_gap = usual.get(round(cur.size, 1), 1.2 * cur.size)
        if abs(prev.size - cur.size) > 0.1 * max(prev.size, cur.size):
            new = True
        elif cur.page != prev.page or gap <= 0:
            # next page or next column: the paragraph goes on unless it visibly ended
            new = prev.text.endswith(_SENTENCE_END) and len(prev.text) < 0.8 * typical_chars
        else:
            new = (
                gap > PARAGRAPH_GAP * line_gap
                or cur.x - prev.x > 0.8 * cur.size
                or _ends_short(prev, cur, typical_chars)
            )
        if new:
            out.append(cur.text)
        else:
            out[-1] = _join(out[-1], cur.text)
    return out


def layout_text(pages: list[Any], heights: list[float]) -> str:
    """The text of ``pages`` (pypdf pages) as paragraphs separated by a line break."""
    lines_by_page = [page_lines(page, i) for i, page in enumerate(pages)]
    kept = drop_margins(lines_by_page, heights)
    lines = [ln for page in kept for ln in page]
    return normalise_compat("\n".join(paragraphs(lines)))
