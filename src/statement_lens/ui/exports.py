"""Exports of the current view: quotations as CSV/JSON, charts as offline HTML (PNG when kaleido exists)."""

from __future__ import annotations

import functools
import importlib.util
import json
import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from statement_lens.errors import StatementLensError

PNG_UNAVAILABLE = (
    "PNG export needs the optional `kaleido` package, which is not installed here. "
    "Use the HTML export, or the camera icon in the chart's toolbar, which saves a PNG from your browser."
)


def quotations_csv(table: pd.DataFrame) -> bytes:
    """The filtered quotation table as UTF-8 CSV (with a BOM so spreadsheet programs read accents right)."""
    return table.to_csv(index=False).encode("utf-8-sig")


def _jsonable(v: Any) -> Any:
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        return _jsonable(v.item())
    return v


def quotations_json(table: pd.DataFrame, *, filters: dict[str, Any] | None = None) -> bytes:
    """The filtered quotation table as JSON: ``{"filters": …, "quotations": [{column: value}, …]}``."""
    rows = [{str(k): _jsonable(v) for k, v in row.items()} for row in table.to_dict(orient="records")]
    doc = {"filters": filters or {}, "quotations": rows}
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def figure_html(fig: go.Figure) -> str:
    """A self-contained interactive HTML file (plotly.js embedded, so it opens offline)."""
    return str(fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False}))


@functools.cache
def png_available() -> bool:
    """True when the optional ``kaleido`` package (needed by Plotly for static images) is importable."""
    return importlib.util.find_spec("kaleido") is not None


class ExportError(StatementLensError):
    """An export format is not available on this machine."""


def figure_png(fig: go.Figure, *, scale: float = 2.0) -> bytes:
    """PNG bytes of ``fig``; raises :class:`ExportError` (with what to do instead) when kaleido is missing."""
    if not png_available():
        raise ExportError(PNG_UNAVAILABLE)
    return bytes(fig.to_image(format="png", scale=scale))


def slug(text: str, default: str = "statement") -> str:
    """A safe file-name stem from a title."""
    keep = "".join(c if c.isalnum() else "-" for c in text[:120].lower()).strip("-")
    while "--" in keep:
        keep = keep.replace("--", "-")
    return keep[:60] or default
