"""Which rows a stance heatmap shows: all of a short statement; a long one's strongest, or one page at a time.

A speech read by its sentences has hundreds of rows: drawn at once, the heatmap is metres tall and its target
names sit under the last row. Past ``PAGE_ROWS`` rows the page offers the strongest rows (the largest model
reading toward any target) or every row a page at a time.
"""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

PAGE_ROWS = 40
TOP, PAGED = "Strongest stance first", "Every row, page by page"


def strongest(stance: pd.DataFrame, units: pd.DataFrame, n: int) -> pd.DataFrame:
    """The ``n`` units with the largest P(favor) or P(against) toward any target, in text order.

    Pairs no model read (``basis`` "not mentioned" / "not about target") count as no stance.
    """
    if len(units) <= n:
        return units
    s = stance[stance["unit_id"].isin(set(units["unit_id"]))]
    strength = s[["p_favor", "p_against"]].max(axis=1)
    if "basis" in s:
        from statement_lens.stance.evidence import was_read

        strength = strength.where(s["basis"].map(was_read).astype(bool), 0.0)
    best = strength.groupby(s["unit_id"]).max()
    keep = set(best.sort_values(ascending=False, kind="stable").index[:n])
    return units[units["unit_id"].isin(keep)]


def heatmap_rows(stance: pd.DataFrame, units: pd.DataFrame, plural: str) -> tuple[pd.DataFrame, str]:
    """The units to draw and a caption saying which they are (a choice appears past ``PAGE_ROWS`` rows)."""
    total = len(units)
    if total <= PAGE_ROWS:
        return units, ""
    mode = st.radio(f"{total:,} {plural}: show", [TOP, PAGED], horizontal=True, key="heat_mode")
    if mode == TOP:
        shown = strongest(stance, units, PAGE_ROWS)
        return shown, f"The {len(shown)} {plural} with the strongest stance of {total:,}, in text order."
    pages = math.ceil(total / PAGE_ROWS)
    page = int(st.number_input(f"Page (of {pages})", 1, pages, 1, key="heat_page"))
    first = (page - 1) * PAGE_ROWS
    shown = units.iloc[first : first + PAGE_ROWS]
    return shown, f"{plural.capitalize()} {first + 1:,}–{first + len(shown):,} of {total:,}."
