"""What every chart shares: the palette, fonts, the layout dict, label escaping and wrapping."""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd
import plotly.graph_objects as go

STANCE_ORDER: tuple[str, ...] = ("favor", "against", "none")
STANCE_COLORS: dict[str, str] = {"favor": "#0072B2", "against": "#D55E00", "none": "#999999"}
#: Diverging scale for stance scores from -1 (against) through near-white (neutral) to +1 (favor).
STANCE_SCALE: list[list[float | str]] = [[0.0, "#D55E00"], [0.5, "#F2F2F2"], [1.0, "#0072B2"]]
TOPIC_COLOR = "#009E73"  # Okabe-Ito bluish green: topics are never confused with a stance
TOPIC_COLOR_MUTED = "#A8D8C8"
REVIEW_MARKER_COLOR = "#000000"
GRID_COLOR = "#E6E6E6"
FONT = {"family": "Inter, Segoe UI, Helvetica, Arial, sans-serif", "size": 13}

MEASURES = {
    "share_words": "Share of statement words (%)",
    "share_sentences": "Share of statement sentences (%)",
}


def _with_standoff(axis: dict[str, Any], standoff: int = 10) -> dict[str, Any]:
    """Keep an axis title clear of its tick labels (static exports measure text differently)."""
    title = axis.get("title")
    if isinstance(title, dict) and "standoff" not in title:
        axis["title"] = {**title, "standoff": standoff}
    return axis


def legend_above(title: str | None = None, **extra: Any) -> dict[str, Any]:
    """A horizontal legend between the title and the plot.

    Below the plot it can overlap the x-axis title when the figure is short or exported at another size.
    """
    out: dict[str, Any] = {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0}
    out.update(extra)
    if title:
        out["title"] = {"text": title}
    return out


def layout(*, title: str, height: int, x: dict[str, Any], y: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The shared look as one layout dict: white background, light grid, titled axes.

    Figures are built in one ``go.Figure(data=…, layout=…)`` call with the empty template: every ``update_*``
    call re-validates the figure and a full template costs ~15 ms to apply and ~2 ms to serialise, which
    would eat the dashboard's rerun budget.
    """
    axis = {"gridcolor": GRID_COLOR, "linecolor": "#BDBDBD", "zerolinecolor": GRID_COLOR, "automargin": True}
    legend_on_top = extra.get("legend", {}).get("y", 0) >= 1 and extra.get("showlegend", True)
    return {
        "font": FONT,
        "height": height + (36 if legend_on_top else 0),
        "margin": {"l": 10, "r": 10, "t": 76 if legend_on_top else 40, "b": 10},
        "hoverlabel": {"font": {"size": 13}},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "template": "none",  # the empty template: the default one is copied into every figure's JSON
        "title": {"text": title, "yref": "container", "y": 1.0, "yanchor": "top", "pad": {"t": 10}},
        "xaxis": _with_standoff({**axis, **x}),
        "yaxis": _with_standoff({**axis, **y}),
        **extra,
    }


def empty_figure(title: str, message: str, x_title: str, y_title: str) -> go.Figure:
    """An empty chart with its titles and a message in the middle (no data to draw)."""
    note = {"text": message, "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper"}
    return go.Figure(
        layout=layout(
            title=title,
            height=260,
            x={"title": {"text": x_title}, "showticklabels": False},
            y={"title": {"text": y_title}, "showticklabels": False},
            annotations=[note],
        )
    )


def plotly_text(text: object) -> str:
    """Escape text for Plotly labels: Plotly reads ``<b>``-style tags in labels, so user text is escaped.

    Plotly turns the entities back into the literal characters when it draws, so ``<script>`` shows as typed.
    """
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def short_label(text: str, width: int = 48) -> str:
    """One-line label: whitespace collapsed and cut to ``width`` characters with an ellipsis."""
    return textwrap.shorten(" ".join(str(text).split()), width=width, placeholder="…")


def topic_order(topics: pd.DataFrame, measure: str = "share_words") -> list[str]:
    """Topics from largest to smallest share, with the "Other" bucket always last."""
    if topics.empty:
        return []
    df = topics.sort_values([measure, "topic"], ascending=[False, True])
    names = [str(t) for t in df["topic"]]
    other = [t for t in names if t.lower() == "other"]
    return [t for t in names if t.lower() != "other"] + other


def wrap_label(text: str, width: int) -> str:
    """Break a label onto lines of about ``width`` characters with ``<br>`` (Plotly never wraps by itself)."""
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(lines) if lines else text
