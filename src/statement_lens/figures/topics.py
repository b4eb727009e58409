"""Topic emphasis: the share of the statement each topic takes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from statement_lens.figures.base import (
    MEASURES,
    TOPIC_COLOR,
    TOPIC_COLOR_MUTED,
    empty_figure,
    layout,
    plotly_text,
    topic_order,
)


def topic_emphasis_figure(
    topics: pd.DataFrame, *, selected: str | None = None, measure: str = "share_words"
) -> go.Figure:
    """Horizontal bars: how much of the statement goes to each topic; the selected topic stands out.

    Args:
        topics: ``Analysis.topics`` (columns ``topic`` and the ``measure`` column, shares in [0, 1]).
        selected: the topic to emphasise (drawn in full colour, the others muted).
        measure: ``share_words`` or ``share_sentences``.

    Returns:
        A figure whose single bar trace carries the topic name as ``customdata`` (for click selection).
    """
    x_title = MEASURES.get(measure, "Share of statement (%)")
    if topics.empty:
        return empty_figure("Topic emphasis", "No topics were assigned.", x_title, "Topic")
    order = topic_order(topics, measure)
    df = topics.set_index("topic").loc[order].reset_index()
    pct = df[measure].astype(float).to_numpy() * 100.0
    colors = [TOPIC_COLOR if selected is None or t == selected else TOPIC_COLOR_MUTED for t in df["topic"]]
    n_sent = df["n_sentences"] if "n_sentences" in df else pd.Series([np.nan] * len(df))
    bar = go.Bar(
        x=pct,
        y=[plotly_text(t) for t in df["topic"]],
        orientation="h",
        marker={
            "color": colors,
            "line": {"color": "#1B5E4B", "width": [2 if t == selected else 0 for t in df["topic"]]},
        },
        text=[f"{v:.1f}%" for v in pct],
        textposition="outside",
        cliponaxis=False,
        customdata=np.column_stack([df["topic"], n_sent]),
        hovertemplate="<b>%{y}</b><br>%{x:.1f}% of the statement<br>"
        "%{customdata[1]} sentences<extra></extra>",
        name="Topic emphasis",
    )
    return go.Figure(
        data=[bar],
        layout=layout(
            title="Topic emphasis",
            height=max(260, 36 * len(df) + 110),
            x={
                "title": {"text": x_title},
                "rangemode": "tozero",
                "ticksuffix": "%",
                "range": [0, max(float(pct.max()) * 1.18, 5)],
            },
            y={"title": {"text": "Topic"}, "autorange": "reversed"},
            showlegend=False,
        ),
    )
