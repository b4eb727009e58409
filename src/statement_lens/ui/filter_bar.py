"""The filter bar every statement page shows above its content: one chip per active filter, and "Clear".

A filter set anywhere (a chart click on the Overview, a shared link, the sidebar) is always in sight on every
page it applies to, each chip removes its own filter, and the bar says how many units pass out of how many.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from statement_lens.ui.filters import Filters
from statement_lens.ui.highlight import md_escape
from statement_lens.ui.state import get_filters, set_filters


@dataclass(frozen=True)
class Chip:
    """One active filter value: its label and the filters without it."""

    label: str
    without: Filters


def chips(f: Filters) -> list[Chip]:
    """A chip per active filter value (speaker, topic, target, stance label, confidence, search)."""
    out: list[Chip] = []
    for name, field in (
        ("Speaker", "speakers"),
        ("Topic", "topics"),
        ("Target", "targets"),
        ("Stance", "labels"),
    ):
        values: tuple[str, ...] = getattr(f, field)
        for v in values:
            out.append(Chip(f"{name}: {v}", f.with_(**{field: tuple(x for x in values if x != v)})))
    if f.min_confidence > 0:
        out.append(Chip(f"Confidence ≥ {f.min_confidence:.2f}", f.with_(min_confidence=0.0)))
    if f.search:
        out.append(Chip(f"Search: {f.search}", f.with_(search="")))
    return out


def cleared(f: Filters) -> Filters:
    """The filters without any slice (the statement and the comparison stay)."""
    return Filters(statement=f.statement, compare=f.compare)


def count_text(shown: int, total: int, plural: str) -> str:
    """``12 of 546 sentences`` when filtered, else ``546 sentences``."""
    return f"{shown:,} of {total:,} {plural}" if shown != total else f"{total:,} {plural}"


def of_total(shown: int, total: int) -> str:
    """A metric value: ``12 of 546`` when filtered, else ``546``."""
    return f"{shown:,} of {total:,}" if shown != total else f"{total:,}"


def filter_bar(shown: int, total: int, plural: str, *, note: str | None = None) -> None:
    """The active filters as removable chips with "Clear filters", and the filtered count beside the total."""
    f = get_filters()
    active = chips(f)
    with st.container(border=True, key="filter_bar"):
        if not active:
            st.markdown(f"**Filters:** none — showing all {total:,} {plural}.")
            return
        st.markdown(f"**Filters** — {count_text(shown, total, plural)} match.")
        row = st.container(horizontal=True, key="filter_chips")
        for i, chip in enumerate(active):
            if row.button(f"{md_escape(chip.label)} ✕", key=f"chip_{i}", help="Remove this filter"):
                set_filters(chip.without)
                st.rerun()
        if row.button("Clear filters", key="w_clear", type="primary", icon=":material/filter_alt_off:"):
            set_filters(cleared(f))
            st.rerun()
        if note:
            st.caption(note)
