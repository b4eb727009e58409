"""Stance charts: per-target stacked bars and the unit × target heatmap."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from statement_lens.figures.base import (
    REVIEW_MARKER_COLOR,
    STANCE_COLORS,
    STANCE_ORDER,
    STANCE_SCALE,
    empty_figure,
    layout,
    legend_above,
    plotly_text,
    short_label,
    wrap_label,
)
from statement_lens.stance.evidence import cell_label, evidence_plain, was_read


def read_by_model(stance: pd.DataFrame) -> pd.Series:
    """True for the unit × target pairs a model read (by their ``basis``).

    False where the target was not named, the relevance gate kept the pair away, or the unit is a question.
    """
    if "basis" not in stance or stance.empty:
        return pd.Series(True, index=stance.index)
    return stance["basis"].map(was_read).astype(bool)


def weighted_stance(stance: pd.DataFrame, targets: list[str] | None = None) -> pd.DataFrame:
    """Sum of confidence per (target, label): a stance count in which unsure calls weigh less.

    Args:
        stance: stance rows (pass only the pairs a model read: :func:`read_by_model`).
        targets: the targets to list, in order (default: those in ``stance``); a target without rows gets
            zeros.

    Returns:
        A frame with columns ``target``, ``label``, ``weight``, ``count`` holding every label for every
        target.
    """
    cols = ["target", "label", "weight", "count"]
    targets = list(dict.fromkeys(stance["target"])) if targets is None else targets
    if not targets:
        return pd.DataFrame(columns=cols)
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

    Only the pairs a model read are counted: a pair whose target is not named, that the relevance gate
    kept from the model, or that is a question has no stance reading, so it is no "none" either. Where
    there are such pairs, each target's label says how many of its units were read ("3 of 5 read") and the
    subtitle how many pairs were left out. ``units_label`` names what was counted ("Quotations",
    "Sentences", "Speaker turns").
    """
    x_title = f"{units_label} read by the model, weighted by confidence (sum of confidence)"
    if stance.empty:
        return empty_figure("Stance per target", "No stance results.", x_title, "Target")
    read = read_by_model(stance)
    targets = list(dict.fromkeys(stance["target"]))
    w = weighted_stance(stance[read], targets)
    noun = units_label.lower()
    if read.all():
        names, title = [plotly_text(t) for t in targets], "Stance per target (weighted by confidence)"
    else:
        n_read = stance[read].groupby("target").size().reindex(targets, fill_value=0)
        n_all = stance.groupby("target").size().reindex(targets, fill_value=0)
        names = [
            f"{plotly_text(t)}<br><sup>{n_read[t]} of {n_all[t]} read</sup>" for t in targets
        ]  # the pairs left out stay in sight, per target
        left_out = int((~read).sum())
        title = (
            "Stance per target (weighted by confidence)<br><sup>"
            f"{left_out} of {len(stance)} {noun} × target pairs no model read (target not named, off topic, "
            "a question) are left out</sup>"
        )
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
                f"(from %{{customdata}} {noun})<extra></extra>",
            )
        )
    return go.Figure(
        data=bars,
        layout=layout(
            title=title,
            height=max(240, (52 if not read.all() else 40) * len(targets) + 150),
            x={"title": {"text": x_title}, "rangemode": "tozero"},
            y={"title": {"text": "Target"}, "autorange": "reversed"},
            barmode="stack",
            legend=legend_above("Stance", traceorder="normal"),
        ),
    )


def unit_labels(units: pd.DataFrame, width: int = 44, *, lines: int = 1) -> dict[str, str]:
    """A short, unique row label per unit: ``q3 · Speaker: “text…”``.

    With ``lines=2`` the text goes on a second line (``q3 · Speaker<br>“text…”``): half as wide, so a
    heatmap keeps room for its cells in a narrow window.
    """
    out = {}
    for uid, speaker, text in zip(units["unit_id"], units["speaker"], units["text"], strict=True):
        who = speaker if isinstance(speaker, str) and speaker else "unknown speaker"
        head, quote = (
            plotly_text(f"{uid} · {short_label(who, 22)}"),
            plotly_text(f"“{short_label(text, width)}”"),
        )
        out[str(uid)] = f"{head}<br>{quote}" if lines == 2 else f"{head}: {quote}"
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
        return empty_figure(
            f"Stance by {unit_noun} and target", "No stance results for these filters.", x_title, y_title
        )
    labels = unit_labels(units, width=26, lines=2)  # narrow: the cells keep most of a small window
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
    text = [  # two short lines ("against" / "0.71 ⚠"): Plotly sizes the font to the narrowest cell
        [
            wrap_label(
                cell_label(lab[i, j], conf[i, j], basis[i, j], short=True) + (" ⚠" if low[i, j] else ""), 8
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
        # No font size: Plotly then fits the text to the cells (never larger than the layout font), so a
        # narrow window shows smaller text, never text cut at the plot's edge ("one 0.45").
        texttemplate="%{text}",
        customdata=evidence,
        hovertemplate="%{y}<br>Target: %{x}<br>%{text} · score %{z:.2f}<br>Read from: %{customdata}"
        "<extra></extra>",
        # The cells say their label; the colour only repeats it, so no colour bar takes the cells' width.
        showscale=False,
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
    key = f"dashed frame ⚠ = needs review (confidence < {review_threshold:.2f})"
    return go.Figure(
        data=data,
        layout=layout(
            # two short title lines (Plotly never wraps a title: one long line is cut in a narrow window)
            title=f"Stance by {unit_noun} and target<br><sup>{key}</sup>",
            height=height,
            # target names on top, where a long heatmap's first rows are; Plotly tilts them when they would
            # touch (tickangle "auto"), so neighbours never run together
            x={"type": "category", "side": "top"},  # the names say what they are
            margin={"l": 10, "r": 10, "t": 66 + 17 * max(x.count("<br>") + 1 for x in heat.x), "b": 10},
            y={
                "title": {"text": y_title},
                "autorange": "reversed",
                "type": "category",
                "tickfont": {"size": 12},
            },
            shapes=shapes,
            # the target names take the space above the plot: the title explains the frame, not a legend
            legend=legend_above(),
            showlegend=False,
        ),
    )
