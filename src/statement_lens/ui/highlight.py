"""Statement text as HTML with spans highlighted in place. Every piece of statement text is HTML-escaped.

A statement is untrusted input: ``<script>`` or ``<img onerror=…>`` inside it must show literally. So the text
between and inside marks goes through :func:`html.escape`, and attribute values are escaped with quotes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from statement_lens.types import SummarySentence

#: Styles for the highlight classes (stance colours match :mod:`statement_lens.figures`).
CSS = """
<style>
.sl-text { white-space: pre-wrap; line-height: 1.6; font-size: 0.98rem; }
.sl-text mark { padding: 0 2px; border-radius: 3px; }
.sl-quote { background: #FFF1C2; border-bottom: 2px solid #E69F00; }
.sl-quote.sl-favor { border-bottom-color: #0072B2; }
.sl-quote.sl-against { border-bottom-color: #D55E00; }
.sl-quote.sl-none { border-bottom-color: #999999; }
.sl-summary { background: #DCEFE8; }
.sl-summary:target, .sl-quote:target { outline: 3px solid #009E73; background: #B8E3D3; }
.sl-summary-list li { margin-bottom: 0.35rem; }
.sl-summary-list a { color: #00684A; text-decoration: none; font-size: 0.85rem; margin-left: 0.3rem; }
.sl-tag { display: inline-block; padding: 0 6px; margin: 0 4px 2px 0; border-radius: 10px; font-size: 0.8rem;
          color: #fff; }
.sl-tag.sl-favor { background: #0072B2; } .sl-tag.sl-against { background: #D55E00; }
.sl-tag.sl-none { background: #767676; }
.sl-tag.sl-review { background: #fff; color: #000; border: 1px dashed #000; }
.sl-card { border-left: 4px solid #009E73; padding: 0.4rem 0.8rem; margin-bottom: 0.7rem;
           background: #FAFAFA; }
.sl-card-text { font-size: 1rem; }
.sl-card-meta { color: #555; font-size: 0.85rem; margin: 0.2rem 0; }
</style>
"""


@dataclass(frozen=True)
class Mark:
    """A span to highlight: ``[start, end)`` in the statement text."""

    start: int
    end: int
    css_class: str
    title: str | None = None
    anchor: str | None = None


def _clean(marks: Sequence[Mark], n: int) -> list[Mark]:
    """Sorted, clipped to the text, non-overlapping (a later overlapping mark starts after the earlier)."""
    out: list[Mark] = []
    pos = 0
    for m in sorted(marks, key=lambda m: (m.start, -m.end)):
        start, end = max(m.start, pos, 0), min(m.end, n)
        if end <= start:
            continue
        out.append(Mark(start, end, m.css_class, m.title, m.anchor))
        pos = end
    return out


def highlight_html(text: str, marks: Sequence[Mark], *, start: int = 0, end: int | None = None) -> str:
    """HTML for ``text[start:end]`` with each mark wrapped in ``<mark>``; everything escaped.

    Args:
        text: the statement text (untrusted).
        marks: spans in offsets of ``text``.
        start: first character to show.
        end: one past the last character to show (default: the end of the text).
    """
    stop = len(text) if end is None else min(end, len(text))
    parts: list[str] = []
    pos = start
    for m in _clean([m for m in marks if m.end > start and m.start < stop], stop):
        if m.start < pos:
            continue
        parts.append(html.escape(text[pos : m.start]))
        attrs = f' class="{html.escape(m.css_class, quote=True)}"'
        if m.anchor:
            attrs += f' id="{html.escape(m.anchor, quote=True)}"'
        if m.title:
            attrs += f' title="{html.escape(m.title, quote=True)}"'
        parts.append(f"<mark{attrs}>{html.escape(text[m.start : m.end])}</mark>")
        pos = m.end
    parts.append(html.escape(text[pos:stop]))
    return '<div class="sl-text">' + "".join(parts) + "</div>"


def summary_anchor(i: int) -> str:
    """The HTML id of summary sentence ``i``'s source span."""
    return f"sl-sum-{i}"


def summary_marks(sentences: Sequence[SummarySentence]) -> list[Mark]:
    """Marks for the source spans of the summary sentences that have offsets."""
    return [
        Mark(s.start, s.end, "sl-summary", title=f"Summary sentence {i + 1}", anchor=summary_anchor(i))
        for i, s in enumerate(sentences)
        if s.start is not None and s.end is not None and s.end > s.start
    ]


def summary_list_html(sentences: Sequence[SummarySentence]) -> str:
    """An ordered list of summary sentences; each links to (and highlights) its source span."""
    items = []
    for i, s in enumerate(sentences):
        link = ""
        if s.start is not None and s.end is not None and s.end > s.start:
            link = f'<a href="#{summary_anchor(i)}" title="Show the source in the statement">↪ source</a>'
        warn = (
            ""
            if s.supported
            else ' <span class="sl-tag sl-review" title="Not supported by the source">check</span>'
        )
        items.append(f"<li>{html.escape(s.text)}{warn}{link}</li>")
    return '<ol class="sl-summary-list">' + "".join(items) + "</ol>"


def stance_tags_html(stances: Sequence[tuple[Any, ...]], review_threshold: float) -> str:
    """Small coloured chips ``target: label 0.82`` (a dashed chip marks a call that needs review).

    Rows are ``(target, label, confidence)`` or, from :func:`~statement_lens.ui.tables.stance_by_unit`,
    ``(target, label, confidence, evidence, basis)``: the chip's tooltip shows the words the label was
    read from, and a pair no model read shows "not mentioned" without a number.
    """
    from statement_lens.stance.evidence import cell_label, was_read

    chips = []
    for target, label, conf, *rest in stances:
        evidence, basis = [*rest, "", ""][:2]
        read = was_read(basis)
        cls = label if label in {"favor", "against", "none"} and read else "none"
        review = read and conf < review_threshold
        text = f"{target}: {cell_label(label, conf, basis)}" + (" ⚠" if review else "")
        title = "Needs review: low confidence" if review else f"Confidence {conf:.2f}"
        if not read:
            title = "No model read this pair: the text does not name this target, or is not about it."
        elif evidence:
            title += f". Read from: {evidence}"
        chips.append(
            f'<span class="sl-tag sl-{cls}" title="{html.escape(title, quote=True)}">'
            f"{html.escape(text)}</span>"
        )
    return "".join(chips)


_MD_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"


def md_escape(text: object) -> str:
    """Escape Markdown (and Streamlit's ``$`` LaTeX and ``:emoji:``) so untrusted text shows literally."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in str(text))


_SPEAKER_REVIEW = (
    ' <span class="sl-tag sl-review" title="Low-confidence speaker attribution: check who said this">'
    "needs review</span>"
)


def quote_cards_html(
    rows: Sequence[tuple[str, str | None, str | None, str | None]],
    stances: Sequence[Sequence[tuple[Any, ...]]],
    review_threshold: float,
    empty: str = "No quotations for this selection.",
    speaker_review: Sequence[bool] = (),
) -> str:
    """Quotation cards: ``(text, speaker, cue, topic)`` rows with their stance chips; everything escaped.

    ``speaker_review`` (one flag per row, optional) marks a low-confidence speaker attribution "needs review".
    """
    cards = []
    flags = list(speaker_review) or [False] * len(rows)
    for (text, speaker, cue, topic), st_rows, check in zip(rows, stances, flags, strict=True):
        who = html.escape(speaker or "unknown speaker")
        mark = _SPEAKER_REVIEW if check else ""
        meta = " · ".join(html.escape(x) for x in (cue, topic) if x)
        cards.append(
            '<div class="sl-card"><div class="sl-card-text">“' + html.escape(text) + "”</div>"
            f'<div class="sl-card-meta">— <b>{who}</b>{mark}{" · " + meta if meta else ""}</div>'
            f"<div>{stance_tags_html(st_rows, review_threshold)}</div></div>"
        )
    return "".join(cards) or f'<p class="sl-card-meta">{html.escape(empty)}</p>'
