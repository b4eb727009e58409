"""Stance heatmaps stay readable at any size: target names on top and wrapped, rows paged or strongest."""

from __future__ import annotations

import pandas as pd

from statement_lens.figures import stance_heatmap_figure, wrap_label
from statement_lens.ui.heatmap_rows import PAGE_ROWS, strongest


def _frames(n_units: int, targets: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    units = pd.DataFrame(
        {
            "unit_id": [f"s{i}" for i in range(n_units)],
            "text": [f"Sentence number {i} about things." for i in range(n_units)],
            "speaker": ["The President"] * n_units,
            "unit_type": ["sentence"] * n_units,
        }
    )
    rows = [
        (
            f"s{i}",
            f"Sentence number {i} about things.",
            t,
            "favor",
            (i % 10) / 10,
            0.0,
            1 - (i % 10) / 10,
            0.9,
        )
        for i in range(n_units)
        for t in targets
    ]
    cols = ["unit_id", "unit_text", "target", "label", "p_favor", "p_against", "p_none", "confidence"]
    return units, pd.DataFrame(rows, columns=cols)


def test_target_names_sit_on_top_and_long_ones_wrap_instead_of_running_together():
    targets = ["Russia", "defense industry", "Putin", "Military aid to Ukraine and its allies"]
    units, stance = _frames(3, targets)
    fig = stance_heatmap_figure(stance, units, unit_noun="sentence")
    layout = fig.to_dict()["layout"]
    # on top; no fixed angle: Plotly tilts names that would touch instead of running them together
    assert layout["xaxis"]["side"] == "top" and "tickangle" not in layout["xaxis"]
    assert list(fig.data[0].x)[1:4] == [
        "defense<br>industry",
        "Putin",
        "Military<br>aid to<br>Ukraine<br>and its<br>allies",
    ]
    assert layout["yaxis"]["title"]["text"] == "Sentence"
    assert layout["title"]["text"].startswith("Stance by sentence and target")
    cells = [c for row in fig.data[0].text for c in row]
    assert all(len(line) <= 9 for c in cells for line in c.split("<br>"))  # "against" / "0.71 ⚠"


def test_heatmap_cells_fit_their_text_to_any_width():
    """No fixed font size (Plotly then sizes cell text to the narrowest cell) and no colour bar taking
    the cells' width; the title is two short lines, never one long line cut at a narrow window's edge."""
    units, stance = _frames(3, ["Russia", "Putin"])
    fig = stance_heatmap_figure(stance, units, unit_noun="sentence")
    heat = fig.to_dict()["data"][0]
    assert "size" not in heat.get("textfont", {}) and heat["showscale"] is False
    first, second = fig.layout.title.text.split("<br>")
    assert len(first) <= 40 and "needs review" in second
    assert all(y.count("<br>") == 1 for y in heat["y"])  # speaker above, words below: half as wide


def test_wrap_label_keeps_short_labels_and_breaks_long_ones():
    assert wrap_label("Russia", 16) == "Russia"
    assert wrap_label("not about this target", 14) == "not about this<br>target"


def test_strongest_rows_are_the_largest_readings_in_text_order():
    units, stance = _frames(100, ["Russia"])
    shown = strongest(stance, units, PAGE_ROWS)
    assert len(shown) == PAGE_ROWS
    assert list(shown["unit_id"]) == sorted(shown["unit_id"], key=lambda u: int(u[1:]))  # text order
    assert set(shown["unit_id"].str[-1]) <= {"9", "8", "7", "6"}  # p_favor 0.6-0.9 only
    assert (
        strongest(stance, units.head(5), PAGE_ROWS) is not None
        and len(strongest(stance, units.head(5), 40)) == 5
    )


def test_pairs_no_model_read_count_as_no_stance():
    units, stance = _frames(60, ["Russia"])
    stance = stance.assign(basis=["not about target" if i % 2 else "model" for i in range(60)])
    shown = strongest(stance, units, 10)
    assert all(int(u[1:]) % 2 == 0 for u in shown["unit_id"])
