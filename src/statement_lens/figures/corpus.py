"""Corpus charts: DataFrame (from :mod:`statement_lens.store.queries`) → Plotly figure.

No Streamlit, no I/O. Same conventions as :mod:`statement_lens.figures.base`: colour-blind-safe colours,
axis titles with units, user text escaped. Every point carries ``customdata = [series, x]`` so a click
can select the quotations behind it (see :func:`statement_lens.ui.corpus_filters.point_from_selection`).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from statement_lens.figures.base import FONT, plotly_text, short_label

#: Okabe-Ito, then two greys: series colours that colour-blind readers can tell apart.
SERIES_COLORS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
                 "#999999", "#666666")  # fmt: skip
TOP_TOPICS = 8
MAX_GROUPS = 40


def _layout(fig: go.Figure, *, title: str, height: int, x_title: str, y_title: str) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        font=FONT,
        height=height,
        title={"text": plotly_text(title)},
        xaxis_title=x_title,
        yaxis_title=y_title,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"title": {"text": ""}},
        hoverlabel={"font_size": 13},
    )
    return fig


def _empty(title: str, message: str, x_title: str, y_title: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(showticklabels=False)
    return _layout(fig, title=title, height=260, x_title=x_title, y_title=y_title)


def top_topics(df: pd.DataFrame, n: int = TOP_TOPICS) -> list[str]:
    """The ``n`` topics with the most words overall ("Other" left out: it is not a topic)."""
    if df.empty:
        return []
    totals = df[df["topic"].str.lower() != "other"].groupby("topic")["n_words"].sum()
    return [str(t) for t in totals.sort_values(ascending=False, kind="stable").index[:n]]


def topic_time_figure(
    df: pd.DataFrame, *, topics: list[str] | None = None, period: str = "year"
) -> go.Figure:
    """Lines: share of each topic per period (``topic_emphasis_over_time`` output)."""
    title, x_title, y_title = "Topic emphasis over time", period.capitalize(), "Share of statement words (%)"
    if df.empty:
        return _empty(title, "No dated statements in this selection", x_title, y_title)
    chosen = topics or top_topics(df)
    fig = go.Figure()
    for i, topic in enumerate(chosen):
        part = df[df["topic"] == topic].sort_values("period")
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["period"].astype(str),
                y=part["share"] * 100,
                mode="lines+markers",
                name=plotly_text(short_label(topic, 32)),
                line={"color": SERIES_COLORS[i % len(SERIES_COLORS)], "width": 2},
                marker={"size": 8},
                customdata=[[topic, p] for p in part["period"].astype(str)],
                text=[f"{n} statements" for n in part["n_statements"]],
                hovertemplate="%{x}: %{y:.1f}% of words<br>%{text}<extra>" + plotly_text(topic) + "</extra>",
            )
        )
    fig.update_xaxes(type="category")
    return _layout(fig, title=title, height=420, x_title=x_title, y_title=y_title)


def topic_group_figure(
    df: pd.DataFrame, *, topics: list[str] | None = None, by: str = "speaker"
) -> go.Figure:
    """Heatmap: share of each topic (columns) per speaker or source (rows), the largest groups first."""
    title, x_title, y_title = f"Topic emphasis by {by}", "Topic", by.capitalize()
    if df.empty:
        return _empty(title, f"No statement in this selection has a {by}", x_title, y_title)
    chosen = topics or top_topics(df)
    sizes = df.groupby("group")["n_words"].sum().sort_values(ascending=False, kind="stable")
    groups = [str(g) for g in sizes.index[:MAX_GROUPS]]
    grid = (
        df[df["topic"].isin(chosen) & df["group"].isin(groups)]
        .pivot_table(index="group", columns="topic", values="share", aggfunc="sum")
        .reindex(index=groups, columns=chosen)
        .fillna(0.0)
    )
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy() * 100,
            x=[plotly_text(short_label(t, 24)) for t in chosen],
            y=[plotly_text(short_label(g, 32)) for g in groups],
            colorscale=[[0.0, "#FFFFFF"], [1.0, "#009E73"]],
            colorbar={"title": {"text": "% of words"}},
            customdata=[[[t, g] for t in chosen] for g in groups],
            hovertemplate="%{y} · %{x}: %{z:.1f}% of words<extra></extra>",
            xgap=1,
            ygap=1,
        )
    )
    fig.update_yaxes(autorange="reversed")
    height = max(300, min(1200, 120 + 22 * len(groups)))
    return _layout(fig, title=title, height=height, x_title=x_title, y_title=y_title)


def stance_time_figure(df: pd.DataFrame, *, period: str = "year") -> go.Figure:
    """Lines: net stance per target per period; marker size and label = number of units behind it.

    ``net = (favor - against) / units`` (quotations, speaker turns or sentences, as each statement was read),
    from -1 (all against) to +1 (all in favour).
    """
    title, x_title, y_title = (
        "Stance per target over time",
        period.capitalize(),
        "Net stance (favor − against)",
    )
    if df.empty:
        return _empty(title, "No stance results for these targets and dates", x_title, y_title)
    fig = go.Figure()
    biggest = max(int(df["n_units"].max()), 1)
    for i, (target, part) in enumerate(df.sort_values("period").groupby("target", sort=False)):
        fig.add_trace(
            go.Scatter(
                x=part["period"].astype(str),
                y=part["net"],
                mode="lines+markers+text",
                name=plotly_text(short_label(str(target), 32)),
                line={"color": SERIES_COLORS[i % len(SERIES_COLORS)], "width": 2},
                marker={"size": [8 + 22 * (n / biggest) ** 0.5 for n in part["n_units"]]},
                text=[str(int(n)) for n in part["n_units"]],
                textposition="top center",
                customdata=[
                    [target, p, int(n), int(f), int(a), int(z)]
                    for p, n, f, a, z in zip(
                        part["period"].astype(str),
                        part["n_units"],
                        part["n_favor"],
                        part["n_against"],
                        part["n_none"],
                        strict=True,
                    )
                ],
                hovertemplate=(
                    "%{x}: net %{y:+.2f}<br>%{customdata[2]} units: %{customdata[3]} favor, "
                    "%{customdata[4]} against, %{customdata[5]} none<extra>"
                    + plotly_text(str(target))
                    + "</extra>"
                ),
            )
        )
    fig.add_hline(y=0, line={"color": "#999999", "width": 1})
    fig.update_yaxes(range=[-1.1, 1.1], zeroline=False)
    fig.update_xaxes(type="category")
    return _layout(fig, title=title, height=420, x_title=x_title, y_title=y_title)
