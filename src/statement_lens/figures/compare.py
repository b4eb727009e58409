"""Charts that put two or more statements side by side. Pure: DataFrames in, Plotly figures out."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from statement_lens.figures.base import empty_figure, layout, legend_above, plotly_text, topic_order
from statement_lens.figures.stance import read_by_model

#: Okabe-Ito colours for statements, leaving out blue and vermillion (reserved for favor/against).
STATEMENT_COLORS: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#F0E442", "#000000")


def compare_topics_figure(
    topics_by_statement: Mapping[str, pd.DataFrame], *, measure: str = "share_words"
) -> go.Figure:
    """Grouped horizontal bars: each topic's share of each statement.

    Args:
        topics_by_statement: statement label → ``Analysis.topics``.
        measure: ``share_words`` or ``share_sentences``.
    """
    x_title = (
        "Share of statement words (%)" if measure == "share_words" else "Share of statement sentences (%)"
    )
    frames = {k: v for k, v in topics_by_statement.items() if not v.empty}
    if not frames:
        return empty_figure("Topic emphasis compared", "No topics to compare.", x_title, "Topic")
    combined = pd.concat(list(frames.values()), ignore_index=True)
    totals = combined.groupby("topic", as_index=False)[measure].sum()
    order = topic_order(totals, measure)
    bars = []
    for i, (name, df) in enumerate(frames.items()):
        part = df.set_index("topic")[measure].reindex(order).fillna(0.0) * 100.0
        bars.append(
            go.Bar(
                y=[plotly_text(t) for t in order],
                x=part.to_numpy(),
                orientation="h",
                name=plotly_text(name),
                marker={"color": STATEMENT_COLORS[i % len(STATEMENT_COLORS)]},
                hovertemplate=f"<b>%{{y}}</b><br>{_escape_tpl(name)}: %{{x:.1f}}%<extra></extra>",
            )
        )
    return go.Figure(
        data=bars,
        layout=layout(
            title="Topic emphasis compared",
            height=max(300, 22 * len(order) * len(frames) + 160),
            x={"title": {"text": x_title}, "rangemode": "tozero", "ticksuffix": "%"},
            y={"title": {"text": "Topic"}, "autorange": "reversed"},
            barmode="group",
            legend=legend_above("Statement"),
        ),
    )


def net_stance(stance: pd.DataFrame) -> pd.DataFrame:
    """Per target: confidence-weighted mean of P(favor) − P(against), and the number of units read.

    Pairs no model read (target not named, kept away by the relevance gate, a question) are left out: they
    carry no reading, and counting them as neutral would pull every target toward 0.
    """
    stance = stance[read_by_model(stance)]
    if stance.empty:
        return pd.DataFrame(columns=["target", "score", "n"])
    s = stance.assign(score=(stance["p_favor"] - stance["p_against"]) * stance["confidence"])
    g = s.groupby("target", sort=False).agg(
        score=("score", "sum"), weight=("confidence", "sum"), n=("unit_id", "count")
    )
    g["score"] = (g["score"] / g["weight"].where(g["weight"] > 0)).fillna(0.0)
    return g.reset_index()[["target", "score", "n"]]


def compare_stance_figure(
    stance_by_statement: Mapping[str, pd.DataFrame], nouns: Mapping[str, str] | None = None
) -> go.Figure:
    """Grouped bars of the net stance per target for each statement, on a −1 (against) … +1 (favor) axis.

    ``nouns`` names each statement's units in the hover ("sentences", "speaker turns"; "units" when absent).
    """
    y_title = "Net stance (−1 against … +1 favor)"
    frames = {k: net_stance(v) for k, v in stance_by_statement.items() if not v.empty}
    if not frames:
        return empty_figure("Stance compared", "No stance results to compare.", "Target", y_title)
    targets = list(dict.fromkeys(t for df in frames.values() for t in df["target"]))
    bars = []
    for i, (name, df) in enumerate(frames.items()):
        part = df.set_index("target").reindex(targets)
        bars.append(
            go.Bar(
                x=[plotly_text(t) for t in targets],
                y=part["score"].to_numpy(),
                name=plotly_text(name),
                marker={"color": STATEMENT_COLORS[i % len(STATEMENT_COLORS)]},
                customdata=part["n"].to_numpy(),
                hovertemplate=f"<b>%{{x}}</b><br>{_escape_tpl(name)}: %{{y:+.2f}} "
                f"(%{{customdata}} {(nouns or {}).get(name, 'units')} read)<extra></extra>",
            )
        )
    zero = {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": 0,
        "y1": 0,
        "line": {"color": "#666666", "width": 1},
    }
    return go.Figure(
        data=bars,
        layout=layout(
            title="Stance per target compared: confidence-weighted mean of P(favor) − P(against)",
            height=420,
            x={"title": {"text": "Target"}, "type": "category"},
            y={"title": {"text": y_title}, "range": [-1.05, 1.05], "zeroline": True},
            barmode="group",
            shapes=[zero],
            legend=legend_above("Statement"),
        ),
    )


def _escape_tpl(name: str) -> str:
    """Escape a label for a Plotly hover template (braces are template syntax, < > are HTML)."""
    return (
        name.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("{", "&#123;")
        .replace("}", "&#125;")
    )
