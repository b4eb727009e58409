"""Exports of the current view: quotations as CSV/JSON, charts as offline HTML, and PNG.

PNG needs Plotly's ``kaleido`` (pinned in requirements.txt), which drives a Chrome or Chromium already on the
machine (``BROWSER_PATH`` or ``PATH``); without one, the PNG button is disabled and says how to get it.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from statement_lens.errors import StatementLensError

_INSTEAD = (
    "Use the HTML export, or the camera icon in the chart's toolbar, which saves a PNG from your browser."
)
PNG_NO_KALEIDO = (
    f"PNG export needs the `kaleido` package, which is not installed here (`pip install kaleido`). {_INSTEAD}"
)
PNG_NO_BROWSER = (
    "PNG export draws the chart in Chrome or Chromium, and none was found on this server. Install one "
    "(Debian/Ubuntu: `apt-get install chromium`) or set BROWSER_PATH to its executable, then restart. "
    + _INSTEAD
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


def _find_browser() -> str | None:
    """The Chrome/Chromium executable kaleido would use (``BROWSER_PATH`` first, then ``PATH``), or None."""
    try:
        from choreographer.browsers.chromium import Chromium

        path = Chromium.find_browser(skip_local=False)
    except Exception:  # any failure to look means "not found"
        return None
    return str(path) if path else None


@functools.cache
def png_unavailable_reason() -> str | None:
    """None when PNG export can work here; otherwise why not and what to do (cached per process)."""
    if importlib.util.find_spec("kaleido") is None:
        return PNG_NO_KALEIDO
    if _find_browser() is None:
        return PNG_NO_BROWSER
    return None


def png_available() -> bool:
    """True when ``kaleido`` is importable and a Chrome/Chromium for it to drive was found."""
    return png_unavailable_reason() is None


class ExportError(StatementLensError):
    """An export format is not available on this machine."""


PNG_WIDTH = 1200  # px before ``scale``: a slide's width, wide enough for long quotation labels


def figure_png(fig: go.Figure, *, scale: float = 2.0, width: int = PNG_WIDTH) -> bytes:
    """PNG bytes of ``fig`` (a few seconds: a headless browser draws it).

    Raises:
        ExportError: kaleido or a browser is missing, or the browser failed to draw (message says what to do).
    """
    if not png_available():
        raise ExportError(png_unavailable_reason() or PNG_NO_KALEIDO)
    try:
        return bytes(fig.to_image(format="png", scale=scale, width=fig.layout.width or width))
    except Exception as exc:  # kaleido raises many kinds; the user needs one message
        raise ExportError(f"The PNG could not be drawn ({type(exc).__name__}: {exc}). {_INSTEAD}") from exc


def slug(text: str, default: str = "statement") -> str:
    """A safe file-name stem from a title."""
    keep = "".join(c if c.isalnum() else "-" for c in text[:120].lower()).strip("-")
    while "--" in keep:
        keep = keep.replace("--", "-")
    return keep[:60] or default
