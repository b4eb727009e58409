"""A one-file HTML brief of the current view that opens offline (plotly.js embedded once).

Holds the summary, the charts, the key quotations with speakers and stance, the filters used and the model
provenance. Every piece of statement-derived text is HTML-escaped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go

from statement_lens.types import Summary

_STYLE = """
body { font-family: Inter, "Segoe UI", Helvetica, Arial, sans-serif; max-width: 1000px; margin: 2rem auto;
       padding: 0 1rem; color: #1a1a1a; line-height: 1.5; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
.meta { color: #555; } .chart { margin: 1rem 0 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.4rem; text-align: left; vertical-align: top; }
.tag { display: inline-block; padding: 0 6px; margin: 1px 3px 1px 0; border-radius: 10px; color: #fff;
       font-size: 0.8rem; }
.favor { background: #0072B2; } .against { background: #D55E00; } .none { background: #767676; }
.review { background: #fff; color: #000; border: 1px dashed #000; }
.tag .evidence { display: block; font-size: 0.72rem; opacity: 0.92; font-style: italic; }
pre { background: #f6f6f6; padding: 0.8rem; overflow-x: auto; font-size: 0.8rem; }
"""


@dataclass(frozen=True)
class BriefQuote:
    """One key quotation for the brief."""

    text: str
    speaker: str | None
    topic: str | None
    stances: Sequence[tuple[Any, ...]] = ()


@dataclass(frozen=True)
class BriefContent:
    """Everything the brief shows; built by the page from the current view."""

    title: str
    source: str | None
    date: str | None
    summary: Summary
    figures: Sequence[tuple[str, go.Figure]]
    quotes: Sequence[BriefQuote]
    filters: Sequence[str]
    provenance: Mapping[str, Any]
    review_threshold: float = 0.6
    notes: Sequence[str] = field(default_factory=tuple)
    units: tuple[str, str] = ("quotation", "quotations")  # what the rows are: quotations, sentences, turns


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


def _chips(stances: Sequence[tuple[Any, ...]], threshold: float) -> str:
    from statement_lens.stance.evidence import cell_label, was_read

    out = []
    for target, label, conf, *rest in stances:
        evidence, basis = [*rest, "", ""][:2]
        read = was_read(basis)
        cls = label if label in {"favor", "against", "none"} and read else "none"
        review = " review" if read and conf < threshold else ""
        mark = " ⚠ needs review" if review else ""
        title = f' title="Read from: {_e(evidence)}"' if evidence and read else ""
        out.append(
            f'<span class="tag {cls}{review}"{title}>{_e(target)}: {_e(cell_label(label, conf, basis))}{mark}'
            + (f'<span class="evidence">{_e(evidence)}</span>' if evidence and read else "")
            + "</span>"
        )
    return "".join(out)


def _figures_html(figures: Sequence[tuple[str, go.Figure]]) -> str:
    parts = []
    for i, (caption, fig) in enumerate(figures):
        body = fig.to_html(full_html=False, include_plotlyjs=(i == 0), config={"displaylogo": False})
        parts.append(f'<div class="chart"><h3>{_e(caption)}</h3>{body}</div>')
    return "".join(parts)


def _models_table(provenance: Mapping[str, Any]) -> str:
    models = provenance.get("models") or {}
    rows = []
    for task, info in models.items():
        info = info if isinstance(info, Mapping) else {"name": info}
        rows.append(
            f"<tr><td>{_e(task)}</td><td>{_e(info.get('name'))}</td>"
            f"<td>{_e(info.get('checkpoint') or '')}</td>"
            f"<td>{_e(info.get('revision') or '')}</td></tr>"
        )
    head = "<tr><th>Task</th><th>Model</th><th>Checkpoint</th><th>Revision</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>" if rows else "<p>No model information.</p>"


def build_brief(content: BriefContent) -> str:
    """Render the brief as one HTML document (UTF-8 text)."""
    meta = " · ".join(_e(x) for x in (content.source, content.date) if x)
    summary = "".join(f"<li>{_e(s.text)}</li>" for s in content.summary.sentences) or "<li>No summary.</li>"
    method = _e(content.summary.method) + (" (experimental)" if content.summary.experimental else "")
    quotes = "".join(
        f"<tr><td>{_e(q.speaker or 'unknown')}</td><td>“{_e(q.text)}”</td><td>{_e(q.topic or '')}</td>"
        f"<td>{_chips(q.stances, content.review_threshold)}</td></tr>"
        for q in content.quotes
    )
    one, many = content.units
    quotes_table = (
        f"<table><tr><th>Speaker</th><th>{_e(one.capitalize())}</th><th>Topic</th><th>Stance</th></tr>"
        f"{quotes}</table>"
        if quotes
        else f"<p>No {_e(many)} match the filters.</p>"
    )
    filters = "".join(f"<li>{_e(f)}</li>" for f in content.filters)
    notes = "".join(f"<li>{_e(n)}</li>" for n in content.notes)
    prov = json.dumps(dict(content.provenance), indent=2, ensure_ascii=False, default=str)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Brief: {_e(content.title)}</title><style>{_STYLE}</style></head>
<body>
<h1>{_e(content.title)}</h1>
<p class="meta">{meta}</p>
<h2>Summary</h2>
<ol>{summary}</ol>
<p class="meta">Summary method: {method}</p>
<h2>Filters used</h2>
<ul>{filters}</ul>
{f"<ul>{notes}</ul>" if notes else ""}
{"<h2>Charts</h2>" + _figures_html(content.figures) if content.figures else ""}
<h2>Key {_e(many)}</h2>
{quotes_table}
<p class="meta">Stance calls with confidence below {content.review_threshold:.2f}
are marked "needs review".</p>
<h2>Model provenance</h2>
{_models_table(content.provenance)}
<details><summary>Full provenance</summary><pre>{_e(prov)}</pre></details>
<p class="meta">Made with Statement Lens {_e(content.provenance.get("package_version", ""))}.</p>
</body></html>
"""
