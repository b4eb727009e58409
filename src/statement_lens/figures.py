"""DataFrame → Plotly figure, one function per chart. No Streamlit, no I/O, no models.

Colours are colour-blind safe (Okabe-Ito) and the same stance always has the same colour:
favor = blue, against = vermillion, none = grey. Every chart has axis titles with units.
Charts that compare statements live in :mod:`statement_lens.figures_compare`.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from statement_lens.stance.evidence import cell_label, evidence_plain, was_read

STANCE_ORDER: tuple[str, ...] = ("favor", "against", "none")
STANCE_COLORS: dict[str, str] = {"favor": "#0072B2", "against": "#D55E00", "none": "#999999"}
#: Diverging scale for stance scores from -1 (against) through near-white (neutral) to +1 (favor).
STANCE_SCALE: list[list[float | str]] = [[0.0, "#D55E00"], [0.5, "#F2F2F2"], [1.0, "#0072B2"]]
TOPIC_COLOR = "#009E73"  # Okabe-Ito bluish green: topics are never confused with a stance
TOPIC_COLOR_MUTED = "#A8D8C8"
REVIEW_MARKER_COLOR = "#000000"
GRID_COLOR = "#E6E6E6"
FONT = {"family": "Inter, Segoe UI, Helvetica, Arial, sans-serif", "size": 13}

_MEASURES = {
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


def _empty(title: str, message: str, x_title: str, y_title: str) -> go.Figure:
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
    x_title = _MEASURES.get(measure, "Share of statement (%)")
    if topics.empty:
        return _empty("Topic emphasis", "No topics were assigned.", x_title, "Topic")
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


def weighted_stance(stance: pd.DataFrame) -> pd.DataFrame:
    """Sum of confidence per (target, label): a stance count in which unsure calls weigh less.

    Returns:
        A frame with columns ``target``, ``label``, ``weight``, ``count`` holding every label for every
        target.
    """
    cols = ["target", "label", "weight", "count"]
    if stance.empty:
        return pd.DataFrame(columns=cols)
    targets = list(dict.fromkeys(stance["target"]))
    weight: dict[tuple[str, str], float] = {}
    count: dict[tuple[str, str], int] = {}
    for target, label, conf in zip(stance["target"], stance["label"], stance["confidence"], strict=True):
        key = (target, label)
        weight[key] = weight.get(key, 0.0) + float(conf)
        count[key] = count.get(key, 0) + 1
    rows = [
        (t, lab, weight.get((t, lab), 0.0), count.get((t, lab), 0)) for t in targets for lab in STANCE_ORDER
    ]
    return pd.DataFrame(rows, columns=cols)


def stance_overview_figure(stance: pd.DataFrame, *, units_label: str = "Quotations") -> go.Figure:
    """Stacked bars per target: favor / against / none counts weighted by confidence.

    ``units_label`` names what was counted ("Quotations", "Sentences", "Speaker turns").
    """
    x_title = f"{units_label}, weighted by confidence (sum of confidence)"
    if stance.empty:
        return _empty("Stance per target", "No stance results.", x_title, "Target")
    w = weighted_stance(stance)
    targets = list(dict.fromkeys(w["target"]))
    names = [plotly_text(t) for t in targets]
    bars = []
    for label in STANCE_ORDER:
        part = w[w["label"] == label]  # one row per target, in target order
        bars.append(
            go.Bar(
                y=names,
                x=part["weight"].to_numpy(),
                orientation="h",
                name=label,
                marker={"color": STANCE_COLORS[label]},
                customdata=part["count"].to_numpy(),
                hovertemplate=f"<b>%{{y}}</b><br>{label}: %{{x:.2f}} "
                "(from %{customdata} quotations)<extra></extra>",
            )
        )
    return go.Figure(
        data=bars,
        layout=layout(
            title="Stance per target (weighted by confidence)",
            height=max(240, 40 * len(targets) + 150),
            x={"title": {"text": x_title}, "rangemode": "tozero"},
            y={"title": {"text": "Target"}, "autorange": "reversed"},
            barmode="stack",
            legend=legend_above("Stance", traceorder="normal"),
        ),
    )


def wrap_label(text: str, width: int) -> str:
    """Break a label onto lines of about ``width`` characters with ``<br>`` (Plotly never wraps by itself)."""
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(lines) if lines else text


def unit_labels(units: pd.DataFrame, width: int = 44) -> dict[str, str]:
    """A short, unique row label per unit: ``q3 · Speaker: “text…”``."""
    out = {}
    for uid, speaker, text in zip(units["unit_id"], units["speaker"], units["text"], strict=True):
        who = speaker if isinstance(speaker, str) and speaker else "unknown speaker"
        out[str(uid)] = plotly_text(f"{uid} · {short_label(who, 22)}: “{short_label(text, width)}”")
    return out


def stance_heatmap_figure(
    stance: pd.DataFrame, units: pd.DataFrame, *, review_threshold: float = 0.6, unit_noun: str = "quotation"
) -> go.Figure:
    """Quotation × target heatmap of stance scores, P(favor) − P(against); unsure cells get a dashed frame.

    Args:
        stance: ``Analysis.stance`` rows (one per unit × target).
        units: the units to show as rows, in order (``unit_id``, ``speaker``, ``text``).
        review_threshold: cells whose confidence is below this are framed and marked ⚠ ("needs review").
        unit_noun: what a row is ("quotation", "sentence", "speaker turn"), for the titles.

    Returns:
        A figure with the heatmap trace, a legend-only trace explaining the frame (when any cell needs
        review),
        and one dashed rectangle shape per cell that needs review.
    """
    x_title, y_title = "Target", unit_noun.capitalize()
    if stance.empty or units.empty:
        return _empty(
            f"Stance by {unit_noun} and target", "No stance results for these filters.", x_title, y_title
        )
    labels = unit_labels(units, width=40)
    present = set(stance["unit_id"].astype(str))
    uids = [u for u in units["unit_id"].astype(str) if u in present]
    targets = list(dict.fromkeys(stance["target"]))
    s = stance.assign(unit_id=stance["unit_id"].astype(str), score=stance["p_favor"] - stance["p_against"])
    s = s[s["unit_id"].isin(uids)]

    def grid(column: str) -> np.ndarray:
        wide = s.pivot_table(index="unit_id", columns="target", values=column, aggfunc="first")
        return wide.reindex(index=uids, columns=targets).to_numpy()

    if "basis" not in s.columns:  # frames stored before stance evidence existed
        s = s.assign(basis="", evidence_start=None, evidence_end=None, mentions="[]")
    s = s.assign(
        evidence=[
            plotly_text(evidence_plain(str(t), a, b, m, width=160)) or "—"
            for t, a, b, m in zip(
                s["unit_text"], s["evidence_start"], s["evidence_end"], s["mentions"], strict=True
            )
        ]
    )
    z, lab, conf = grid("score").astype(float), grid("label"), grid("confidence").astype(float)
    basis, evidence = grid("basis"), grid("evidence")
    read = np.vectorize(was_read, otypes=[bool])(basis)
    z = np.where(read, z, 0.0)  # no model read the pair: neutral colour, no number
    low = (conf < review_threshold) & read  # NaN (no result) compares False
    text = [
        [
            wrap_label(
                cell_label(lab[i, j], conf[i, j], basis[i, j], short=True) + (" ⚠" if low[i, j] else ""), 14
            )
            if isinstance(lab[i, j], str)
            else ""
            for j in range(len(targets))
        ]
        for i in range(len(uids))
    ]
    heat = go.Heatmap(
        z=z,
        x=[wrap_label(plotly_text(t), 10) for t in targets],  # long target names wrap, never run together
        y=[labels.get(u, u) for u in uids],
        zmin=-1,
        zmax=1,
        colorscale=STANCE_SCALE,
        text=text,
        texttemplate="%{text}",
        textfont={"size": 12 if len(targets) <= 4 else 11 if len(targets) <= 7 else 10},
        customdata=evidence,
        hovertemplate="%{y}<br>Target: %{x}<br>%{text} · score %{z:.2f}<br>Read from: %{customdata}"
        "<extra></extra>",
        colorbar={
            "title": {"text": "P(favor) − P(against)", "side": "right"},
            "tickvals": [-1, 0, 1],
            "ticktext": ["−1 against", "0", "+1 favor"],
        },
        xgap=3,
        ygap=3,
        name="Stance score",
    )
    frame = {"color": REVIEW_MARKER_COLOR, "width": 2, "dash": "dash"}
    shapes = [
        {
            "type": "rect",
            "x0": j - 0.46,
            "x1": j + 0.46,
            "y0": i - 0.42,
            "y1": i + 0.42,
            "line": frame,
            "xref": "x",
            "yref": "y",
        }
        for i, j in zip(*np.nonzero(low), strict=True)
    ]
    data: list[Any] = [heat]
    if shapes:
        data.append(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={
                    "symbol": "square-open",
                    "size": 14,
                    "line": {"width": 2, "color": REVIEW_MARKER_COLOR},
                },
                name=f"⚠ Needs review (confidence < {review_threshold:.2f})",
                hoverinfo="skip",
            )
        )
    height = max(320, 42 * len(uids) + 190)
    return go.Figure(
        data=data,
        layout=layout(
            title=f"Stance by {unit_noun} and target (dashed frame ⚠ = needs review: confidence < "
            f"{review_threshold:.2f})",
            height=height,
            # target names on top, where a long heatmap's first rows are
            x={"type": "category", "tickangle": 0, "side": "top"},  # the names say what they are
            margin={"l": 10, "r": 10, "t": 48 + 17 * max(x.count("<br>") + 1 for x in heat.x), "b": 10},
            y={"title": {"text": y_title}, "autorange": "reversed", "type": "category"},
            shapes=shapes,
            # the target names take the space above the plot: the title explains the frame, not a legend
            legend=legend_above(),
            showlegend=False,
        ),
    )
